/**
 * The Asterisk side of Switchboard: FastAGI scripts that turn calls into tasks and an AMI client
 * that bridges accepted workers to their callers. (Built in the telephony issue.)
 */
package org.switchboard.telephony;
