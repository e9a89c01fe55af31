package org.switchboard.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The TaskRouter v1 REST API, at {@code /v1} as on {@code taskrouter.twilio.com}. */
@ApplicationPath("v1")
public class SwitchboardApi extends Application {}
