/** Rule sets over REST: upload, validation, routing, activation, explanation and what-if. */
package org.switchboard.it.rules;
