package io.sluice.agent.core;

/**
 * A batch was not acknowledged. Transient failures (ingest unreachable, overloaded or too slow)
 * are worth sending the same batch again, after the server's retry hint when it gave one; so is
 * a refused API key or tenant ({@link #isAccessRefused()}), after the longest backoff; the others
 * (the batch itself is refused) are not.
 */
public class SendException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean transientFailure;
    private final long retryAfterNanos;
    private final boolean accessRefused;

    public SendException(String message, boolean transientFailure, Throwable cause) {
        this(message, transientFailure, -1, cause);
    }

    public SendException(String message, boolean transientFailure, long retryAfterNanos, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.retryAfterNanos = retryAfterNanos;
        this.accessRefused = false;
    }

    private SendException(String message, Throwable cause) {
        super(message, cause);
        this.transientFailure = false;
        this.retryAfterNanos = -1;
        this.accessRefused = true;
    }

    /**
     * Ingest refused the agent's API key (UNAUTHENTICATED) or tenant (PERMISSION_DENIED). Not
     * transient, but not the batch's fault either: an operator fixes the key without restarting
     * the application, so the batch is kept and sent again later.
     */
    public static SendException accessRefused(String message, Throwable cause) {
        return new SendException(message, cause);
    }

    /** Whether ingest refused the API key or tenant rather than the batch. */
    public boolean isAccessRefused() {
        return accessRefused;
    }

    /** Whether sending the same batch again may succeed. */
    public boolean isTransient() {
        return transientFailure;
    }

    /** The server's hint of when to retry, in nanoseconds; negative when it gave none. */
    public long retryAfterNanos() {
        return retryAfterNanos;
    }
}
