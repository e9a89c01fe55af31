package org.switchboard.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.dmr.ModelNode;

/**
 * The suite's server as its management interface tells it (the management port, local
 * authentication, as the suite's container adapter connects): what tests wait on that the API does
 * not show.
 */
public final class Management {

  private Management() {}

  /**
   * Routing passes queued on the server's routing executor or running now: zero once every pass an
   * earlier request scheduled (a task's pass after its commit, a worker's) has run.
   */
  public static long routingPassesQueuedOrRunning() {
    ModelNode routing = new ModelNode();
    routing.add("subsystem", "ee").add("managed-scheduled-executor-service", "switchboard-routing");
    try {
      return run(routing, "read-attribute", "current-queue-size").asLong()
          + run(routing, "read-attribute", "active-thread-count").asLong();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs one operation on {@code address} (with {@code attribute} as its name, if given); its
   * result.
   */
  public static ModelNode run(ModelNode address, String operation, String attribute)
      throws IOException {
    try (ModelControllerClient client =
        ModelControllerClient.Factory.create(
            "127.0.0.1", Integer.getInteger("switchboard.it.management.port"))) {
      ModelNode op = new ModelNode();
      op.get("operation").set(operation);
      op.get("address").set(address);
      if (attribute != null) {
        op.get("name").set(attribute);
      }
      ModelNode outcome = client.execute(op);
      if (!"success".equals(outcome.get("outcome").asString())) {
        throw new AssertionError("management operation failed: " + outcome);
      }
      return outcome.get("result");
    }
  }
}
