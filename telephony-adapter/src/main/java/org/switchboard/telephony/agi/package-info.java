/**
 * Public FastAGI side of the adapter: the {@link org.switchboard.telephony.agi.CallEnqueuer}
 * extension point and its request/result types.
 */
package org.switchboard.telephony.agi;
