/** Errors of the API, all answered with Twilio's error JSON from one mapper. */
package org.switchboard.web.api.error;
