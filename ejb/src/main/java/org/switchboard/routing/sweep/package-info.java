/**
 * The routing sweep: finds tasks whose routing pass was lost (a server killed after their commit, a
 * pass that failed) and routes them, on any server sharing the database.
 */
package org.switchboard.routing.sweep;
