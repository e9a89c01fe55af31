/** Accounts: who owns workspaces, and the credentials the API authenticates. */
package org.switchboard.domain.account;
