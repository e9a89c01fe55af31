/** Value types and errors shared by every aggregate: sids and the use-case exceptions. */
package org.switchboard.domain.shared;
