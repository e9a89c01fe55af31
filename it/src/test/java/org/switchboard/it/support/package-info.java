/** What every integration test shares: the deployment, the HTTP client, the test database. */
package org.switchboard.it.support;
