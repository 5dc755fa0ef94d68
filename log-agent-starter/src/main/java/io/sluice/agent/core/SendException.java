package io.sluice.agent.core;

/**
 * A batch was not acknowledged. Transient failures (ingest unreachable, overloaded or too slow)
 * are worth sending the same batch again, after the server's retry hint when it gave one; the
 * others (the batch itself is refused) are not.
 */
public class SendException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean transientFailure;
    private final long retryAfterNanos;

    public SendException(String message, boolean transientFailure, Throwable cause) {
        this(message, transientFailure, -1, cause);
    }

    public SendException(String message, boolean transientFailure, long retryAfterNanos, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.retryAfterNanos = retryAfterNanos;
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
