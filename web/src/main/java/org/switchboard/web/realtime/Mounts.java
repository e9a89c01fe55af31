package org.switchboard.web.realtime;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.UriInfo;

/**
 * Keeps a resource at the application path it was written for. The TaskRouter API's application
 * ({@code /v1}) lists no classes, so JAX-RS also mounts every resource of the WAR under it; the
 * realtime and 2010-04-01 resources answer 404 there.
 */
final class Mounts {

  private Mounts() {}

  static void require(UriInfo uriInfo, String applicationPath) {
    if (!uriInfo.getBaseUri().getPath().endsWith("/" + applicationPath + "/")) {
      throw new NotFoundException();
    }
  }
}
