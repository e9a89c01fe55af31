package org.switchboard.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.kie.api.KieServices;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;

/** Runs one named ksession of kmodule.xml over some facts and keeps what came out. */
final class RuleRun {

  private static final KieContainer CONTAINER =
      KieServices.Factory.get().getKieClasspathContainer(RuleRun.class.getClassLoader());

  final List<String> fired = new ArrayList<>();
  final Collection<Object> facts;

  private RuleRun(String session, Object... inserted) {
    KieSession kieSession = CONTAINER.newKieSession(session);
    try {
      kieSession.addEventListener(
          new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
              fired.add(event.getMatch().getRule().getName());
            }
          });
      for (Object fact : inserted) {
        kieSession.insert(fact);
      }
      kieSession.fireAllRules();
      facts = new ArrayList<>(kieSession.getObjects());
    } finally {
      kieSession.dispose();
    }
  }

  static RuleRun of(String session, Object... facts) {
    return new RuleRun(session, facts);
  }

  <T> List<T> all(Class<T> type) {
    return facts.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
