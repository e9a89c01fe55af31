/** TaskQueues: where tasks wait, and which workers serve them. */
package org.switchboard.domain.taskqueue;
