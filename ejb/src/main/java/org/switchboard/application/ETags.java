package org.switchboard.application;

/**
 * Entity tags of versioned resources: the {@code @Version} in quotes. {@code If-Match} may list
 * several tags, or {@code *}.
 */
public final class ETags {

  private ETags() {}

  public static String of(long version) {
    return "\"" + version + "\"";
  }

  public static boolean matches(String ifMatch, long version) {
    for (String tag : ifMatch.split(",")) {
      String t = tag.trim();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals("*") || t.equals(of(version)) || t.equals(Long.toString(version))) {
        return true;
      }
    }
    return false;
  }
}
