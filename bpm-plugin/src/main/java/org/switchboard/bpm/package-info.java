/**
 * A Camunda 7 process engine plugin that hands opted-in user tasks to Switchboard as TaskRouter
 * tasks and keeps the two tied. {@link org.switchboard.bpm.SwitchboardPlugin} is the entry point;
 * every call to Switchboard is a Camunda job, so it is stored with the user task's change and
 * retried until Switchboard answers.
 */
package org.switchboard.bpm;
