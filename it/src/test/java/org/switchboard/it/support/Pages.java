package org.switchboard.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/** Reads TaskRouter's paged lists and checks their {@code meta} envelope. */
public final class Pages {

  private Pages() {}

  /** The sids of one page's items. */
  public static List<String> sids(ApiResponse page, String key) {
    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    return page.json().getJsonArray(key).getValuesAs(JsonObject.class).stream()
        .map(o -> o.getString("sid"))
        .toList();
  }

  /**
   * Walks a list (whose query should select exactly {@code expected}, in order) two items a page,
   * following {@code next_page_url}, and checks the envelope on the way: the key, page numbers and
   * sizes, {@code first_page_url}, {@code previous_page_url} leading back, and {@code Page} without
   * a token giving the same second page, and a page far beyond the end being empty.
   *
   * @param path the list's path with its filters, e.g. {@code …/Workers?Available=true}
   */
  public static void assertPagesThrough(Api api, String path, String key, List<String> expected) {
    assertThat(expected).as("walk at least three pages").hasSizeGreaterThan(4);
    String separator = path.contains("?") ? "&" : "?";
    ApiResponse first = api.get(path + separator + "PageSize=2");
    JsonObject meta = first.json().getJsonObject("meta");
    assertThat(meta.getString("key")).isEqualTo(key);
    assertThat(meta.getInt("page")).isZero();
    assertThat(meta.getInt("page_size")).isEqualTo(2);
    assertThat(meta.get("previous_page_url")).isEqualTo(JsonValue.NULL);
    assertThat(meta.getString("first_page_url")).contains("PageSize=2", "Page=0");
    assertThat(meta.getString("url")).startsWith(Api.root() + path.split("\\?")[0]);
    assertThat(sids(api.get(meta.getString("first_page_url")), key)).isEqualTo(sids(first, key));

    List<String> seen = new ArrayList<>(sids(first, key));
    ApiResponse second = null;
    int page = 0;
    while (meta.get("next_page_url") instanceof JsonString next) {
      ApiResponse current = api.get(next.getString());
      page++;
      JsonObject currentMeta = current.json().getJsonObject("meta");
      assertThat(currentMeta.getInt("page")).isEqualTo(page);
      assertThat(currentMeta.getString("previous_page_url")).isNotBlank();
      if (second == null) {
        second = current;
        assertThat(sids(api.get(currentMeta.getString("previous_page_url")), key))
            .isEqualTo(sids(first, key));
      }
      seen.addAll(sids(current, key));
      meta = currentMeta;
    }
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(sids(api.get(path + separator + "PageSize=2&Page=1"), key))
        .isEqualTo(sids(second, key));
    assertThat(sids(api.get(path + separator + "PageSize=1000"), key))
        .containsExactlyElementsOf(expected);
    ApiResponse farBeyond = api.get(path + separator + "PageSize=1000&Page=2147483647");
    assertThat(sids(farBeyond, key)).isEmpty();
    assertThat(farBeyond.json().getJsonObject("meta").get("next_page_url"))
        .isEqualTo(JsonValue.NULL);
  }
}
