package org.switchboard.domain.shared;

/**
 * The caller is authenticated but its credentials do not allow this (e.g. a worker's token
 * addressing another worker); answered with HTTP 403 and Twilio's code 20403.
 */
public class ForbiddenException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  public ForbiddenException(String message) {
    super(20403, message);
  }
}
