package org.switchboard.domain.shared;

/** The request is well formed but the resource's current state forbids it. */
public class ConflictException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  public ConflictException(int code, String message) {
    super(code, message);
  }
}
