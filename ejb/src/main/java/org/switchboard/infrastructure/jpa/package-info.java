/** Repositories: how aggregates are stored and listed with JPA. */
package org.switchboard.infrastructure.jpa;
