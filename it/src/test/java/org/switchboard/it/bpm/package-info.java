/**
 * The BPM plugin against the deployed server: an embedded Camunda 7 engine with the plugin, on its
 * own PostgreSQL database, reaching Switchboard through a proxy the tests can break.
 */
package org.switchboard.it.bpm;
