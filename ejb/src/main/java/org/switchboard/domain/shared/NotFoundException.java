package org.switchboard.domain.shared;

/** The addressed resource does not exist, or belongs to another account. */
public class NotFoundException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(20404, message);
  }

  /** The message TaskRouter gives for an unknown resource. */
  public static NotFoundException of(String resourceType, String sid) {
    return new NotFoundException(
        "The requested resource " + resourceType + " " + sid + " was not found");
  }
}
