/**
 * API keys (Twilio's {@code SK…} keys, whose secrets sign Access Tokens) and the one-time sign-in
 * codes that turn into a worker's Access Token.
 */
package org.switchboard.domain.apikey;
