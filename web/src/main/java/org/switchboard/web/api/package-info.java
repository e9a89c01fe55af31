/**
 * The TaskRouter v1 REST API: thin JAX-RS resources that parse Twilio's form parameters, call an
 * application facade and answer with Twilio's JSON shapes.
 */
package org.switchboard.web.api;
