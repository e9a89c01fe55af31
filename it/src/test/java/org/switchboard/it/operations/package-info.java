/**
 * What an operator sees of the running server through WildFly's management interface: Prometheus
 * metrics and health checks.
 */
package org.switchboard.it.operations;
