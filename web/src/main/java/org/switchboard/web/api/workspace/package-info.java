/** Resources of workspaces and of what they hold directly. */
package org.switchboard.web.api.workspace;
