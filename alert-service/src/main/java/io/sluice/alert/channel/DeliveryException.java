package io.sluice.alert.channel;

/**
 * A failed delivery attempt, saying whether trying again may help (connection failures, timeouts,
 * HTTP 5xx/408/429, a robot's rate-limit code, SMTP 4xx) or not (a rejected request, a bad
 * signature, SMTP 5xx).
 */
public class DeliveryException extends RuntimeException {

    private final boolean retryable;

    /** A failure described by {@code message}; {@code retryable} when a later attempt may succeed. */
    public DeliveryException(String message, boolean retryable) {
        super(message, null, false, false);
        this.retryable = retryable;
    }

    /** Whether a later attempt may succeed. */
    public boolean retryable() {
        return retryable;
    }
}
