package org.switchboard.it.routing;

import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.SecondServer;

/**
 * Two Switchboard servers on one PostgreSQL database: the {@link Storm} sends each request to one
 * of them at random, so routing passes, reservation timeouts and answers race across servers, and
 * the same invariants must hold (see docs/routing.md for the locks that guarantee them).
 */
@ExtendWith(ArquillianExtension.class)
class TwoServersIT {

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void invariantsHoldWithTwoServersOnOneDatabase() throws Exception {
    Api first = Api.asSuiteAccount();
    try (SecondServer second = SecondServer.start()) {
      new Storm(List.of(first, first.on(second.root())), 100)
          .invariantsHoldWhateverTheInterleaving();
    }
  }
}
