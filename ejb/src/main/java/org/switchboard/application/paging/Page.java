package org.switchboard.application.paging;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list, with the cursors of the pages around it ({@code null} where there is none).
 */
public record Page<T>(List<T> items, int page, int pageSize, PageCursor next, PageCursor previous) {

  /**
   * One page of a list already in memory (in its final order): by offset, or after/before the
   * position a cursor names.
   */
  public static <T extends org.switchboard.domain.shared.Listed> Page<T> ofList(
      List<T> all, PageRequest request) {
    int from = (int) Math.min(request.offset(), all.size());
    PageCursor cursor = request.cursor();
    if (cursor != null) {
      int at = -1;
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).getSid().equals(cursor.sid())) {
          at = i;
          break;
        }
      }
      from = cursor.after() ? at + 1 : Math.max(0, at - request.pageSize());
    }
    from = Math.max(0, Math.min(from, all.size()));
    int to = Math.min(all.size(), from + request.pageSize());
    List<T> items = List.copyOf(all.subList(from, to));
    PageCursor next =
        to < all.size() && !items.isEmpty() ? PageCursor.after(items.get(items.size() - 1)) : null;
    PageCursor previous = from > 0 && !items.isEmpty() ? PageCursor.before(items.get(0)) : null;
    return new Page<>(items, request.page(), request.pageSize(), next, previous);
  }

  public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
    return new Page<>(items.stream().<R>map(mapper).toList(), page, pageSize, next, previous);
  }
}
