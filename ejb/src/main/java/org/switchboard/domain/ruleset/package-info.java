/**
 * Rule sets: the DRL files a rule author uploads to a workspace, in numbered immutable versions of
 * which one is active; workflows that name the rule set route with its active version.
 */
package org.switchboard.domain.ruleset;
