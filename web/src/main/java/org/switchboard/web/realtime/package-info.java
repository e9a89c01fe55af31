/**
 * Realtime agents: Twilio Access Tokens, the sign-in endpoints of the agent and supervisor pages,
 * and the event bridge (the {@code ebServer} and {@code wsServer} that Twilio's {@code
 * twilio-taskrouter} JavaScript SDK talks to). See {@code docs/realtime.md}.
 */
package org.switchboard.web.realtime;
