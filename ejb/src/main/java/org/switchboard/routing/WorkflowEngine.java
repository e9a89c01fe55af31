package org.switchboard.routing;

import java.time.Instant;
import java.util.Map;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.workflow.Workflow;
import org.switchboard.routing.rules.CompiledRuleSet;

/**
 * Decides where a workflow puts a task at a moment: which filter matches its attributes (or, for a
 * workflow that names a rule set, which targets its rules insert) and which target applies at the
 * task's age. Implemented with one Drools KieBase per workflow version.
 */
public interface WorkflowEngine {

  /**
   * @return the placement, or {@link Placement#exhausted()} when the task must be canceled
   */
  Placement place(Task task, Instant now);

  /**
   * Where the task was last placed (its stored filter and target), without running the rules: cheap
   * enough for worker-driven routing, which looks at many waiting tasks. Falls back to {@link
   * #place} for a task that was never placed.
   */
  Placement current(Task task, Instant now);

  /**
   * Makes the rules of the task's workflow version ready (compiles them if they are not yet), so
   * that a caller can do it before taking locks.
   */
  void prepare(Task task);

  /** Whether the rules of this workflow version are compiled. */
  boolean isCompiled(Workflow workflow);

  /** Compiles a workflow version's rules now; a failure is logged, and retried on first use. */
  void prepare(Workflow workflow);

  /**
   * Compiles the rules a workflow's configuration (or the active version of the rule set it names)
   * stands for, in the transaction that saves it, so that no task waits for them. Safe if the
   * transaction rolls back: compiled rules are cached by the text they were compiled from.
   */
  void precompile(Workflow workflow);

  /**
   * Checks and compiles a rule set version and keeps it compiled.
   *
   * @throws org.switchboard.routing.rules.RuleCompilationException with file, line and column of
   *     every problem
   */
  CompiledRuleSet compileRuleSet(String ruleSetSid, int number, Map<String, String> files);
}
