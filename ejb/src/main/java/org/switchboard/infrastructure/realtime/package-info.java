/**
 * The hand-over of committed events to live connections (the realtime event bridge in the web
 * module plugs in as a {@link org.switchboard.infrastructure.realtime.RealtimeSink}).
 */
package org.switchboard.infrastructure.realtime;
