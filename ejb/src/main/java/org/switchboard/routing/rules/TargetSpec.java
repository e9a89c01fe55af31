package org.switchboard.routing.rules;

/**
 * One target of a workflow filter as the configuration states it.
 *
 * @param queueSid the queue ({@code queue})
 * @param expression the worker expression ({@code expression}), or null
 * @param priority the priority the target gives the task, or null
 * @param timeout seconds after the task entered the workflow at which the target ends, or null
 * @param orderBy {@code order_by}, or null
 * @param skipIf {@code skip_if}, or null
 * @param knownWorkerSid {@code known_worker_sid}, or null
 * @param knownWorkerFriendlyName {@code known_worker_friendly_name}, or null
 */
public record TargetSpec(
    String queueSid,
    String expression,
    Integer priority,
    Integer timeout,
    String orderBy,
    String skipIf,
    String knownWorkerSid,
    String knownWorkerFriendlyName) {}
