/**
 * Workspaces: the container of one routing setup, owned by one account. The heart of the model
 * starts here; every other aggregate lives inside a workspace.
 */
package org.switchboard.domain.workspace;
