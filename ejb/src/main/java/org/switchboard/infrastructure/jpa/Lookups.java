package org.switchboard.infrastructure.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.function.Function;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.NotFoundException;

/**
 * Finds a resource by sid inside one workspace, so a sid from another workspace (or account) is
 * treated as unknown: a 404 when it addresses the resource, a 400 naming the parameter when it is a
 * reference in a request.
 */
public final class Lookups {

  private Lookups() {}

  /**
   * The resource addressed by a URL.
   *
   * @param workspaceOf how to read the resource's workspace sid
   * @throws NotFoundException if there is none in the workspace
   */
  public static <T> T require(
      EntityManager em,
      Class<T> type,
      String workspaceSid,
      String sid,
      Function<T, String> workspaceOf) {
    T found = sid == null ? null : em.find(type, sid);
    if (found == null || !workspaceOf.apply(found).equals(workspaceSid)) {
      throw NotFoundException.of(type.getSimpleName(), sid);
    }
    return found;
  }

  /** Like {@link #require}, with the row locked ({@code SELECT … FOR UPDATE}) until commit. */
  public static <T> T requireLocked(
      EntityManager em,
      Class<T> type,
      String workspaceSid,
      String sid,
      Function<T, String> workspaceOf) {
    T found = sid == null ? null : em.find(type, sid, LockModeType.PESSIMISTIC_WRITE);
    if (found == null || !workspaceOf.apply(found).equals(workspaceSid)) {
      throw NotFoundException.of(type.getSimpleName(), sid);
    }
    return found;
  }

  /**
   * A resource a request parameter refers to.
   *
   * @throws InvalidParameterException naming {@code parameter} if there is none in the workspace
   */
  public static <T> T reference(
      EntityManager em,
      Class<T> type,
      String workspaceSid,
      String parameter,
      String sid,
      Function<T, String> workspaceOf) {
    T found = sid == null ? null : em.find(type, sid);
    if (found == null || !workspaceOf.apply(found).equals(workspaceSid)) {
      throw new InvalidParameterException(
          parameter,
          parameter + " " + sid + " is not a " + type.getSimpleName() + " of this workspace");
    }
    return found;
  }
}
