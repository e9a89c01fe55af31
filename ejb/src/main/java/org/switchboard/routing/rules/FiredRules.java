package org.switchboard.routing.rules;

import java.util.List;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;

/** Collects the names of the rules that fired, for logs and tests. */
final class FiredRules extends DefaultAgendaEventListener {

  private final List<String> names;

  FiredRules(List<String> names) {
    this.names = names;
  }

  @Override
  public void afterMatchFired(AfterMatchFiredEvent event) {
    names.add(event.getMatch().getRule().getName());
  }
}
