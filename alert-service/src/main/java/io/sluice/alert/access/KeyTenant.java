package io.sluice.alert.access;

import io.sluice.platform.tenant.ApiKeyHeaders;
import io.sluice.platform.tenant.RequestTenants;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The tenant an alert API request acts for: the tenant of its API key, which
 * {@link AlertApiKeyFilter} resolved and left in the exchange attribute {@link #ATTRIBUTE}
 * (controllers read it with {@code @RequestAttribute}). A tenant a request names in its body must
 * be that tenant; objects of other tenants are answered as unknown (404), so their ids reveal nothing.
 */
public final class KeyTenant {

    /** Exchange attribute holding the key's tenant. */
    public static final String ATTRIBUTE = "io.sluice.alert.access.KeyTenant";

    private KeyTenant() {
    }

    /**
     * {@code keyTenant}, when {@code requested} (a body's {@code tenant} field; null or blank when
     * absent) names it or nothing.
     *
     * @throws ResponseStatusException 403 when {@code requested} names another tenant
     */
    public static String require(String requested, String keyTenant) {
        if (!RequestTenants.named(requested, keyTenant)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, ApiKeyHeaders.OTHER_TENANT);
        }
        return keyTenant;
    }

    /** Whether an object owned by {@code owner} may be seen by a request acting for {@code keyTenant}. */
    public static boolean owns(String keyTenant, String owner) {
        return keyTenant.equals(owner);
    }
}
