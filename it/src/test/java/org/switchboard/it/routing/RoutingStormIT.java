package org.switchboard.it.routing;

import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.Deployments;

/** The randomized {@link Storm} against one server. */
@ExtendWith(ArquillianExtension.class)
class RoutingStormIT {

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void invariantsHoldWhateverTheInterleaving() throws Exception {
    new Storm(List.of(Api.asSuiteAccount()), 150).invariantsHoldWhateverTheInterleaving();
  }
}
