package org.switchboard.domain.shared;

import jakarta.persistence.Query;

/**
 * Query text for the routing paths, which run on every lifecycle step. Hibernate caches the SQL it
 * translates a JPQL query into only when no parameter can be a list ({@code in :statuses}), since
 * the SQL depends on the list's length; so these queries compare with one parameter per value
 * ({@link #oneOf}), and each query text keeps its translation.
 */
public final class Queries {

  /**
   * Hibernate's hint naming the tables a native query reads or writes ({@code HibernateHints}).
   * Before a native read Hibernate then flushes only what changed in those tables; after a native
   * write it evicts only their entities from the second-level cache (without the hint it flushes
   * everything, and empties every region).
   */
  public static final String NATIVE_SPACES = "org.hibernate.query.native.spaces";

  private Queries() {}

  /**
   * {@code (path = :name0 or path = :name1 …)} for {@code count} values. (Not {@code path in
   * (:name0, …)}: a parameter inside {@code in} may be bound to a list, so Hibernate translates
   * such a query again on every run.)
   */
  public static String oneOf(String path, String name, int count) {
    StringBuilder list = new StringBuilder("(");
    for (int i = 0; i < count; i++) {
      list.append(i == 0 ? "" : " or ").append(path).append(" = :").append(name).append(i);
    }
    return list.append(')').toString();
  }

  /** Binds {@code values} to the parameters {@link #oneOf} named. */
  public static <Q extends Query> Q bind(Q query, String name, Object... values) {
    for (int i = 0; i < values.length; i++) {
      query.setParameter(name + i, values[i]);
    }
    return query;
  }
}
