package org.switchboard.domain.shared;

/**
 * The caller's credentials (an Access Token, a sign-in code) are missing, malformed, expired,
 * revoked or wrong; answered with HTTP 401 and Twilio's code 20003 ("Authenticate").
 */
public class AuthenticationException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String message) {
    super(20003, message);
  }

  /** With a more specific Twilio code, e.g. 20104 for an expired Access Token. */
  public AuthenticationException(int code, String message) {
    super(code, message);
  }
}
