/** Twilio's own Java helper library (twilio-java) driving the deployed API, unchanged. */
package org.switchboard.it.sdk;
