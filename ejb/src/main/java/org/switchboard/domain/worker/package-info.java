/** Workers: who handles tasks, in which activity, with what capacity per channel. */
package org.switchboard.domain.worker;
