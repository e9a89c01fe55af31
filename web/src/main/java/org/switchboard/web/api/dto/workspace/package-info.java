/** Response bodies of workspaces and what they hold directly (activities). */
package org.switchboard.web.api.dto.workspace;
