package org.switchboard.domain.shared;

/**
 * Base of the errors a use case reports to its caller. Each carries TaskRouter's numeric error code
 * ({@code 20001} invalid parameter, {@code 20404} not found, ...); the API layer chooses the HTTP
 * status from the exception type. All subclasses roll back the current transaction (declared in
 * {@code META-INF/ejb-jar.xml}), so a rejected request changes nothing.
 */
public abstract class SwitchboardException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;

  protected SwitchboardException(int code, String message) {
    super(message);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
