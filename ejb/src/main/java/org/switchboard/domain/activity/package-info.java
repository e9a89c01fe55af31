/** Activities: the states a worker can be in, and whether each lets it receive work. */
package org.switchboard.domain.activity;
