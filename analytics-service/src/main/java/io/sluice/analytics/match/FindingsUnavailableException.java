package io.sluice.analytics.match;

/**
 * Thrown without calling alert-service while a recent call to it has failed: the entry is left
 * pending at once (to be claimed and retried later) instead of occupying the consumer with
 * retries, so statistics keep flowing while alert-service is down.
 */
public class FindingsUnavailableException extends RuntimeException {

    /** With a message naming the last failure. */
    public FindingsUnavailableException(String message) {
        super(message, null, false, false);
    }
}
