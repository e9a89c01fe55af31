/**
 * The event log rolled up for cumulative statistics, in the background: {@link
 * org.switchboard.domain.event.EventRollup} every few seconds.
 */
package org.switchboard.infrastructure.statistics;
