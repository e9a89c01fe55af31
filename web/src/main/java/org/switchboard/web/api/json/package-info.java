/** How DTOs become JSON: Twilio's snake_case names, nulls kept. */
package org.switchboard.web.api.json;
