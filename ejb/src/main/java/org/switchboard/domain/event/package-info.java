/** Events: the immutable record of every routing step and resource change. */
package org.switchboard.domain.event;
