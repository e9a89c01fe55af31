/** Spring Boot auto-configuration of the plugin (optional: only used where Spring Boot runs). */
package org.switchboard.bpm.spring;
