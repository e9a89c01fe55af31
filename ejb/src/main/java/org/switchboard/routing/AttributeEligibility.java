package org.switchboard.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.domain.worker.Worker;

/** {@link Eligibility} by TaskRouter's expressions over the workers' and tasks' attributes. */
@ApplicationScoped
public class AttributeEligibility implements Eligibility {

  @Inject private Expressions expressions;

  @Override
  public boolean inQueue(TaskQueue queue, Worker worker) {
    return expressions
        .overWorker(queue.getTargetWorkers())
        .test(
            WorkerView.of(
                expressions.attributes(worker.getAttributes()),
                worker.getSid(),
                worker.getFriendlyName(),
                null,
                null));
  }

  @Override
  public boolean meetsTarget(String expression, Task task, Worker worker) {
    return meetsTarget(expression, task, worker, null);
  }

  @Override
  public boolean meetsTarget(
      String expression, Task task, Worker worker, Map<String, Map<String, Object>> channels) {
    if (expression == null || expression.isBlank()) {
      return true;
    }
    return expressions
        .overTaskAndWorker(expression)
        .test(
            expressions.attributes(task.getAttributes()),
            WorkerView.of(
                expressions.attributes(worker.getAttributes()),
                worker.getSid(),
                worker.getFriendlyName(),
                worker.getActivity().getFriendlyName(),
                channels));
  }
}
