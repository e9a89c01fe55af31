package org.switchboard.application.paging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.Listed;

/**
 * A position in a list, encoded as a {@code PageToken}: {@code PA…} means "the items after this
 * one", {@code PB…} "the items before this one". The position is an item's creation time and sid.
 */
public record PageCursor(boolean after, Instant dateCreated, String sid) {

  public static PageCursor after(Listed item) {
    return new PageCursor(true, item.getDateCreated(), item.getSid());
  }

  public static PageCursor before(Listed item) {
    return new PageCursor(false, item.getDateCreated(), item.getSid());
  }

  public String encode() {
    long micros = dateCreated.getEpochSecond() * 1_000_000L + dateCreated.getNano() / 1_000;
    String raw = micros + "|" + sid;
    return (after ? "PA" : "PB")
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  public static PageCursor decode(String token) {
    try {
      boolean after = token.startsWith("PA");
      if (!after && !token.startsWith("PB")) {
        throw new IllegalArgumentException("unknown prefix");
      }
      String raw =
          new String(Base64.getUrlDecoder().decode(token.substring(2)), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      long micros = Long.parseLong(raw.substring(0, bar));
      Instant at =
          Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L))
              .plusNanos(Math.floorMod(micros, 1_000_000L) * 1_000L);
      return new PageCursor(after, at, raw.substring(bar + 1));
    } catch (RuntimeException e) {
      throw new InvalidParameterException("PageToken", "PageToken is not valid: " + token);
    }
  }
}
