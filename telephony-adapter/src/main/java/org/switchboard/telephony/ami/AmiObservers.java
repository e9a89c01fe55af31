package org.switchboard.telephony.ami;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.routing.InstructionIssued;

/**
 * Receives the routing events the AMI side acts on, after their transaction committed, and hands
 * them to the {@link AmiBridge} while it runs. Kept apart from the bean so that events committed
 * while the deployment stops are dropped quietly instead of failing on a stopped component.
 */
@ApplicationScoped
public class AmiObservers {

  private volatile AmiBridge bridge;

  public void attach(AmiBridge running) {
    this.bridge = running;
  }

  public void detach() {
    this.bridge = null;
  }

  void onInstruction(@Observes(during = TransactionPhase.AFTER_SUCCESS) InstructionIssued issued) {
    AmiBridge current = bridge;
    if (current != null) {
      current.instructed(issued);
    }
  }

  void onRouterEvent(@Observes(during = TransactionPhase.AFTER_SUCCESS) RouterEvent event) {
    AmiBridge current = bridge;
    if (current != null) {
      current.recorded(event);
    }
  }
}
