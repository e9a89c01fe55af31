/**
 * The routing engine: which worker is offered which task, the lifecycle of reservations and the
 * capacity they hold, and the deadlines (reservation timeouts, workflow escalations, task TTLs)
 * that move tasks along. Time comes from an injected {@link java.time.Clock}.
 */
package org.switchboard.routing;
