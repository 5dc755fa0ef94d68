package io.sluice.platform.tenant;

/**
 * A key could not be checked because the tenant store (MySQL) did not answer; answered as HTTP 503
 * / gRPC UNAVAILABLE, so clients retry instead of treating their key as bad.
 */
public final class TenancyUnavailableException extends RuntimeException {

    /** The store failed with {@code cause}. */
    public TenancyUnavailableException(Throwable cause) {
        super("API keys cannot be checked right now (the tenant store is unavailable); retry later", cause);
    }
}
