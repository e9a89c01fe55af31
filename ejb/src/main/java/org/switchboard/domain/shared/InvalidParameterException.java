package org.switchboard.domain.shared;

/** A request parameter is missing or malformed; the message names the parameter. */
public class InvalidParameterException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  private final String parameter;

  public InvalidParameterException(String parameter, String message) {
    super(20001, message);
    this.parameter = parameter;
  }

  public String parameter() {
    return parameter;
  }

  public static InvalidParameterException required(String parameter) {
    return new InvalidParameterException(parameter, "Missing required parameter " + parameter);
  }
}
