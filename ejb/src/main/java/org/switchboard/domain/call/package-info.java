/** Phone-call legs (Asterisk channels) tied to tasks and reservations by the telephony adapter. */
package org.switchboard.domain.call;
