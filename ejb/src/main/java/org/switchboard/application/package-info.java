/**
 * The application facades: {@code @Stateless} beans, one public method per use case and one
 * transaction per call. REST resources, AGI scripts and timers call these and nothing deeper.
 */
package org.switchboard.application;
