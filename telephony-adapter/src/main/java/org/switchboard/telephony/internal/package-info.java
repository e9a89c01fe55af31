/** Socket-level and configuration code of the telephony adapter; not a public API. */
package org.switchboard.telephony.internal;
