/** Reservations: a task offered to a worker, and what became of the offer. */
package org.switchboard.domain.reservation;
