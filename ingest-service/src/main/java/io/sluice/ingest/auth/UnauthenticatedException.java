package io.sluice.ingest.auth;

/**
 * A request carried no API key, or one no tenant owns; answered as HTTP 401 / gRPC
 * UNAUTHENTICATED with this exception's message, and nothing of the request is stored.
 */
public final class UnauthenticatedException extends RuntimeException {

    /** A refusal explained by {@code message}. */
    public UnauthenticatedException(String message) {
        super(message, null, false, false);
    }
}
