package org.switchboard.domain.shared;

/**
 * A state change the resource's lifecycle does not allow from its current state, such as canceling
 * a completed task or accepting a rescinded reservation.
 */
public class IllegalTransitionException extends ConflictException {
  private static final long serialVersionUID = 1L;

  public IllegalTransitionException(String message) {
    super(20001, message);
  }
}
