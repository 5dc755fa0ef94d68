package io.sluice.ingest.buffer;

/**
 * The buffer (Redis) could not confirm an append: it failed or did not answer in time. Nothing is
 * acknowledged to the client, which answers HTTP 503 / gRPC UNAVAILABLE so the sender retries.
 * The append may still have happened (a timeout cannot tell); a resend with the same idempotency
 * key is then stored once.
 */
public class BufferUnavailableException extends RuntimeException {

    /** An append that failed for {@code cause}. */
    public BufferUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
