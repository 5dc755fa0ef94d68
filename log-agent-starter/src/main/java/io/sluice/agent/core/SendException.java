package io.sluice.agent.core;

/**
 * A batch was not acknowledged. Transient failures (ingest unreachable, overloaded or too slow)
 * are worth sending the same batch again; the others (the batch itself is refused) are not.
 */
public class SendException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean transientFailure;

    public SendException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /** Whether sending the same batch again may succeed. */
    public boolean isTransient() {
        return transientFailure;
    }
}
