/** What runs when Switchboard starts: schema migrations, then the first account. */
package org.switchboard.infrastructure.bootstrap;
