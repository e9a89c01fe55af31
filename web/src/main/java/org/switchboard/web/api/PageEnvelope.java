package org.switchboard.web.api;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageCursor;

/**
 * Twilio's list response: the items under a resource-specific key ({@code workspaces}, ...) and a
 * {@code meta} object with the page's position and the URLs of the first, next and previous pages.
 * The page URLs keep the request's filters.
 */
public final class PageEnvelope {

  private PageEnvelope() {}

  public static Map<String, Object> of(String key, Page<?> page, List<?> items, UriInfo uriInfo) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("first_page_url", pageUrl(uriInfo, page.pageSize(), 0, null));
    meta.put("key", key);
    meta.put(
        "next_page_url",
        page.next() == null
            ? null
            : pageUrl(uriInfo, page.pageSize(), page.page() + 1, page.next()));
    meta.put("page", page.page());
    meta.put("page_size", page.pageSize());
    meta.put(
        "previous_page_url",
        page.previous() == null
            ? null
            : pageUrl(uriInfo, page.pageSize(), Math.max(0, page.page() - 1), page.previous()));
    meta.put("url", pageUrl(uriInfo, page.pageSize(), page.page(), null, true));

    Map<String, Object> body = new LinkedHashMap<>();
    body.put(key, items);
    body.put("meta", meta);
    return body;
  }

  private static String pageUrl(UriInfo uriInfo, int size, int page, PageCursor cursor) {
    return pageUrl(uriInfo, size, page, cursor, false);
  }

  private static String pageUrl(
      UriInfo uriInfo, int size, int page, PageCursor cursor, boolean keepToken) {
    UriBuilder builder = UriBuilder.fromUri(uriInfo.getAbsolutePath());
    MultivaluedMap<String, String> query = uriInfo.getQueryParameters();
    query.forEach(
        (name, values) -> {
          if (!"Page".equals(name) && !"PageSize".equals(name) && !"PageToken".equals(name)) {
            values.forEach(v -> builder.queryParam(name, "{" + name + "}"));
          }
        });
    Map<String, Object> values = new LinkedHashMap<>();
    query.forEach(
        (name, list) -> {
          if (!list.isEmpty()) {
            values.put(name, list.get(0));
          }
        });
    builder.queryParam("PageSize", size).queryParam("Page", page);
    if (cursor != null) {
      builder.queryParam("PageToken", cursor.encode());
    } else if (keepToken && query.getFirst("PageToken") != null) {
      builder.queryParam("PageToken", "{PageToken}");
    }
    URI uri = builder.buildFromMap(values);
    return uri.toString();
  }
}
