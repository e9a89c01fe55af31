/**
 * How long stored events are kept: TaskRouter keeps events 30 days, and so does Switchboard by
 * default; older ones are purged in the background.
 */
package org.switchboard.infrastructure.retention;
