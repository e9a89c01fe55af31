package org.switchboard.application.paging;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list, with the cursors of the pages around it ({@code null} where there is none).
 */
public record Page<T>(List<T> items, int page, int pageSize, PageCursor next, PageCursor previous) {

  public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
    return new Page<>(items.stream().<R>map(mapper).toList(), page, pageSize, next, previous);
  }
}
