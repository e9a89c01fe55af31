package org.switchboard.application.paging;

import org.switchboard.domain.shared.InvalidParameterException;

/**
 * Which page of a list the caller wants, in TaskRouter's terms: {@code PageSize} (default 50, at
 * most 1,000), {@code Page} (0-based) and the opaque {@code PageToken} of a previous response. With
 * a token the page starts right after (or ends right before) the position it encodes, so rows
 * inserted meanwhile never shift or repeat items; without one, {@code Page} counts from the start.
 */
public record PageRequest(int page, int pageSize, PageCursor cursor) {

  public static final int DEFAULT_PAGE_SIZE = 50;
  public static final int MAX_PAGE_SIZE = 1000;

  public PageRequest {
    if (page < 0) {
      throw new InvalidParameterException("Page", "Page must be a non-negative integer");
    }
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new InvalidParameterException(
          "PageSize", "PageSize must be between 1 and " + MAX_PAGE_SIZE);
    }
  }

  /** How many items come before this page (when no token is given); never overflows. */
  public long offset() {
    return (long) page * pageSize;
  }

  public static PageRequest first() {
    return new PageRequest(0, DEFAULT_PAGE_SIZE, null);
  }

  /** Parses the three query parameters as a client sent them; null means absent. */
  public static PageRequest parse(String page, String pageSize, String pageToken) {
    int size = pageSize == null ? DEFAULT_PAGE_SIZE : parseInt("PageSize", pageSize);
    int number = page == null ? 0 : parseInt("Page", page);
    PageCursor cursor =
        pageToken == null || pageToken.isEmpty() ? null : PageCursor.decode(pageToken);
    return new PageRequest(number, size, cursor);
  }

  private static int parseInt(String parameter, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidParameterException(parameter, parameter + " must be an integer");
    }
  }
}
