/**
 * The Drools side of routing: the facts workflow rules reason about ({@link
 * org.switchboard.routing.rules.TaskFact}, {@link org.switchboard.routing.rules.FilterMatch},
 * {@link org.switchboard.routing.rules.TargetChoice}, {@link
 * org.switchboard.routing.rules.PriorityChange}) and the compiler that turns a workflow's
 * configuration into a KieBase.
 */
package org.switchboard.routing.rules;
