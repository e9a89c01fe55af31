/**
 * Switchboard's MicroProfile Health readiness checks ({@code /health/ready} on the management
 * interface). They live in a library of the EAR, not in its modules, because WildFly 39 registers
 * only the health checks it can see from the EAR's top level (docs/wildfly.md); so they see none of
 * the modules' classes and judge what those publish: the datasource, and the meters of WildFly's
 * MeterRegistry.
 */
package org.switchboard.health;
