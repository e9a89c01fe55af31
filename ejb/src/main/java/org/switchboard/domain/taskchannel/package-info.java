/** TaskChannels: the kinds of work (voice, chat, ...) that capacity is counted in. */
package org.switchboard.domain.taskchannel;
