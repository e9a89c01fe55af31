package org.switchboard.infrastructure.statistics;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import org.switchboard.domain.event.EventRollup;

/** One step of the roll-up, a transaction of its own. */
@Stateless
public class EventRollupStep {

  @Inject private EventRollup rollup;
  @Inject private Clock clock;

  /**
   * Rolls up what is due now.
   *
   * @return whether more is due (catching up)
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public boolean rollUp() {
    return rollup.roll(clock.instant());
  }
}
