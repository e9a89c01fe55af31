package org.switchboard.bpm;

import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Opts user tasks in: a user task whose extension properties name a {@code switchboard.workflowSid}
 * gets a {@link SwitchboardTaskListener} for create, complete and delete. Runs whenever Camunda
 * parses a process definition (deployment, and after a restart when the definition is first used),
 * so the listener exists on every node of a cluster.
 */
final class SwitchboardParseListener extends AbstractBpmnParseListener {

  private final SwitchboardPlugin plugin;

  SwitchboardParseListener(SwitchboardPlugin plugin) {
    this.plugin = plugin;
  }

  @Override
  public void parseUserTask(Element userTask, ScopeImpl scope, ActivityImpl activity) {
    TaskSettings settings = TaskSettings.of(properties(userTask));
    if (settings == null) {
      return;
    }
    TaskDefinition definition =
        ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition();
    if (settings.placesCall()) {
      plugin.voiceStepSeen();
    }
    SwitchboardTaskListener listener = new SwitchboardTaskListener(settings, plugin);
    definition.addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, listener);
    definition.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, listener);
    definition.addBuiltInTaskListener(TaskListener.EVENTNAME_DELETE, listener);
  }

  /** The task's {@code camunda:property} name/value pairs. */
  static Map<String, String> properties(Element element) {
    Map<String, String> properties = new HashMap<>();
    Element extensions = element.element("extensionElements");
    if (extensions == null) {
      return properties;
    }
    Element list = extensions.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "properties");
    if (list == null) {
      return properties;
    }
    for (Element property : list.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "property")) {
      properties.put(property.attribute("name"), property.attribute("value"));
    }
    return properties;
  }
}
