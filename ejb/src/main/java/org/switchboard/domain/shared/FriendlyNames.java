package org.switchboard.domain.shared;

/** TaskRouter's rule for a resource's {@code FriendlyName}: present and at most 64 characters. */
public final class FriendlyNames {

  /** The longest FriendlyName TaskRouter accepts. */
  public static final int MAX_LENGTH = 64;

  private FriendlyNames() {}

  /**
   * @throws InvalidParameterException naming FriendlyName if it is missing, blank or too long
   */
  public static String require(String name) {
    if (name == null || name.isBlank()) {
      throw InvalidParameterException.required("FriendlyName");
    }
    if (name.length() > MAX_LENGTH) {
      throw new InvalidParameterException(
          "FriendlyName", "FriendlyName must be at most " + MAX_LENGTH + " characters long");
    }
    return name;
  }
}
