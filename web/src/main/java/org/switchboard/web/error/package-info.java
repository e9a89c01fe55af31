/** Error pages of the web module outside the JAX-RS API. */
package org.switchboard.web.error;
