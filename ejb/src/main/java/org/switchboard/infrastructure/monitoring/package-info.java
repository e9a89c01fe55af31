/**
 * What an operator watches: Switchboard's meters on the MeterRegistry of WildFly's micrometer
 * subsystem (scraped as Prometheus text from the management interface's {@code /metrics}) and its
 * MicroProfile Health readiness checks ({@code /health/ready}). See docs/operations.md, "Metrics,
 * health checks and logs".
 */
package org.switchboard.infrastructure.monitoring;
