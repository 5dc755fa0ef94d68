package io.sluice.platform.tenant;

/**
 * A request to a data API was refused: no key or an invalid one (HTTP 401 with
 * {@code WWW-Authenticate}), or a key of another tenant than the one the request named (HTTP 403).
 */
public final class TenantAccessException extends RuntimeException {

    private final boolean forbidden;

    private TenantAccessException(String message, boolean forbidden) {
        super(message, null, false, false);
        this.forbidden = forbidden;
    }

    /** No key, or a key no tenant owns. */
    public static TenantAccessException unauthenticated(String message) {
        return new TenantAccessException(message, false);
    }

    /** A valid key, used for another tenant. */
    public static TenantAccessException otherTenant() {
        return new TenantAccessException(ApiKeyHeaders.OTHER_TENANT, true);
    }

    /** Whether this is a 403 (valid key, wrong tenant) rather than a 401. */
    public boolean isForbidden() {
        return forbidden;
    }

    /** The HTTP status to answer with. */
    public int httpStatus() {
        return forbidden ? 403 : 401;
    }
}
