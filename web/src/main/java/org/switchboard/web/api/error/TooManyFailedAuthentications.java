package org.switchboard.web.api.error;

import java.time.Duration;

/**
 * An address has failed to authenticate too often (see {@code FailedAuthentications}); answered 429
 * with Twilio's error 20429 and a {@code Retry-After} header, its credentials unchecked.
 */
public class TooManyFailedAuthentications extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  public TooManyFailedAuthentications(Duration retryAfter) {
    super("Too Many Requests", null, false, false);
    this.retryAfter = retryAfter;
  }

  /** How long until the address may try again. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
