/** Configuration (system properties and environment variables) and the injected clock. */
package org.switchboard.infrastructure.config;
