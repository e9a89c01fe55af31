/** Who is calling: HTTP Basic authentication with AccountSid and AuthToken. */
package org.switchboard.web.api.auth;
