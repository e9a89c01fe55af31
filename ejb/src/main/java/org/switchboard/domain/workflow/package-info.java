/** Workflows: the routing configuration that sends each task to a queue and escalates it. */
package org.switchboard.domain.workflow;
