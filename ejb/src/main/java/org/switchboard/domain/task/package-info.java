/** Tasks: units of work, their attributes, and their assignment lifecycle. */
package org.switchboard.domain.task;
