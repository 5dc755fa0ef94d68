package io.sluice.ingest.ratelimit;

import java.time.Duration;

/**
 * Whether a request fits its tenant's rate limits; when it does not, which limit it exceeds and
 * how long until enough budget frees up for it.
 *
 * @param allowed whether the request was admitted (its cost is then charged)
 * @param retryAfter zero when allowed; otherwise the wait until the same request would be admitted
 * @param error null when allowed; otherwise the exceeded limit, in words a user can act on
 */
public record RateDecision(boolean allowed, Duration retryAfter, String error) {

    /** The request was admitted. */
    public static final RateDecision ALLOWED = new RateDecision(true, Duration.ZERO, null);

    /** The request was refused; nothing was charged. */
    public static RateDecision limited(Duration retryAfter, String error) {
        return new RateDecision(false, retryAfter, error);
    }
}
