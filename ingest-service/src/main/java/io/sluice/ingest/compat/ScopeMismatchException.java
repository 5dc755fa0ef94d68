package io.sluice.ingest.compat;

/**
 * A request named a tenant ({@code X-Scope-OrgID}) other than the one its API key belongs to;
 * answered as HTTP 403 / gRPC PERMISSION_DENIED and nothing of it is stored.
 */
public final class ScopeMismatchException extends RuntimeException {

    /** A refusal explained by {@code message}. */
    public ScopeMismatchException(String message) {
        super(message, null, false, false);
    }
}
