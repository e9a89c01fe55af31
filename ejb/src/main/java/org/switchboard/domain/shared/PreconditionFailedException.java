package org.switchboard.domain.shared;

/**
 * An {@code If-Match} that names a version other than the resource's current one: 412 with Twilio's
 * code 20412.
 */
public class PreconditionFailedException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  public PreconditionFailedException(String message) {
    super(20412, message);
  }
}
