/**
 * Realtime agents: API keys, Access Tokens, the sign-in endpoints and the event bridge, tested with
 * Twilio's own SDK (in Node) and with the JDK's HTTP and WebSocket clients.
 */
package org.switchboard.it.realtime;
