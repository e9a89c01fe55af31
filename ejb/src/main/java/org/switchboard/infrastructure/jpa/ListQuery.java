package org.switchboard.infrastructure.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageCursor;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.shared.Listed;

/**
 * Builds a filtered JPQL list query and reads one page of it, ordered by creation time and sid.
 * With a cursor the page is read by keyset (rows after or before a position), so concurrent inserts
 * never make an item repeat or vanish between pages; without one it is read by offset.
 */
public final class ListQuery<T extends Listed> {

  private final Class<T> type;
  private final String alias;
  private final List<String> conditions = new ArrayList<>();
  private final Map<String, Object> parameters = new LinkedHashMap<>();

  private ListQuery(Class<T> type, String alias) {
    this.type = type;
    this.alias = alias;
  }

  public static <T extends Listed> ListQuery<T> of(Class<T> type, String alias) {
    return new ListQuery<>(type, alias);
  }

  /** Adds a JPQL condition with its named parameter. */
  public ListQuery<T> where(String condition, String parameter, Object value) {
    conditions.add(condition);
    parameters.put(parameter, value);
    return this;
  }

  /** Adds the condition only when {@code value} is not null. */
  public ListQuery<T> whereIfPresent(String condition, String parameter, Object value) {
    return value == null ? this : where(condition, parameter, value);
  }

  /** Every matching row, in creation order (for filters that must be evaluated in Java). */
  public List<T> all(EntityManager em) {
    String jpql =
        "select %1$s from %2$s %1$s%3$s order by %1$s.dateCreated asc, %1$s.sid asc"
            .formatted(
                alias,
                type.getSimpleName(),
                conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions));
    TypedQuery<T> query = em.createQuery(jpql, type);
    parameters.forEach(query::setParameter);
    return query.getResultList();
  }

  public Page<T> page(EntityManager em, PageRequest request) {
    PageCursor cursor = request.cursor();
    List<String> all = new ArrayList<>(conditions);
    boolean backwards = cursor != null && !cursor.after();
    if (cursor != null) {
      String op = cursor.after() ? ">" : "<";
      all.add(
          "(%1$s.dateCreated %2$s :cursorTime or (%1$s.dateCreated = :cursorTime and %1$s.sid %2$s :cursorSid))"
              .formatted(alias, op));
    }
    String direction = backwards ? "desc" : "asc";
    String jpql =
        "select %1$s from %2$s %1$s%3$s order by %1$s.dateCreated %4$s, %1$s.sid %4$s"
            .formatted(
                alias,
                type.getSimpleName(),
                all.isEmpty() ? "" : " where " + String.join(" and ", all),
                direction);
    TypedQuery<T> query = em.createQuery(jpql, type);
    parameters.forEach(query::setParameter);
    if (cursor != null) {
      query.setParameter("cursorTime", cursor.dateCreated());
      query.setParameter("cursorSid", cursor.sid());
    } else {
      query.setFirstResult((int) Math.min(request.offset(), Integer.MAX_VALUE));
    }
    query.setMaxResults(request.pageSize() + 1);
    List<T> rows = new ArrayList<>(query.getResultList());
    boolean more = rows.size() > request.pageSize();
    if (more) {
      rows.remove(rows.size() - 1);
    }
    if (backwards) {
      Collections.reverse(rows);
    }
    boolean hasNext = backwards ? !rows.isEmpty() : more;
    boolean hasPrevious = backwards ? more : (cursor != null || request.page() > 0);
    PageCursor next =
        hasNext && !rows.isEmpty() ? PageCursor.after(rows.get(rows.size() - 1)) : null;
    PageCursor previous = hasPrevious && !rows.isEmpty() ? PageCursor.before(rows.get(0)) : null;
    return new Page<>(List.copyOf(rows), request.page(), request.pageSize(), next, previous);
  }
}
