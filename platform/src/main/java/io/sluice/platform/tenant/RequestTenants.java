package io.sluice.platform.tenant;

import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;

/**
 * The tenant a data API request acts for, from its API key ({@link ApiKeyHeaders}): used by the
 * query side (search, stats) so a key only ever sees its own tenant's data. Fails with
 * {@link TenantAccessException} (401 / 403) or {@link TenancyUnavailableException} (503).
 */
public class RequestTenants {

    private final ApiKeyLookup lookup;

    /** Resolves keys with {@code lookup}. */
    public RequestTenants(ApiKeyLookup lookup) {
        this.lookup = lookup;
    }

    /** The tenant of the key in {@code headers}, which must match any {@code X-Sluice-Tenant}. */
    public Mono<String> tenantOf(HttpHeaders headers) {
        return tenantOf(headers, null);
    }

    /**
     * As {@link #tenantOf(HttpHeaders)}, where {@code requestedTenant} (e.g. a query parameter;
     * null when absent) must also match the key's tenant.
     */
    public Mono<String> tenantOf(HttpHeaders headers, String requestedTenant) {
        String key = ApiKeyHeaders.apiKey(headers);
        if (key == null) {
            return Mono.error(TenantAccessException.unauthenticated(ApiKeyHeaders.MISSING));
        }
        String headerTenant = ApiKeyHeaders.requestedTenant(headers);
        return lookup.tenantOf(key)
                .switchIfEmpty(Mono.error(() -> TenantAccessException.unauthenticated(ApiKeyHeaders.UNKNOWN)))
                .flatMap(tenant -> named(headerTenant, tenant) && named(requestedTenant, tenant)
                        ? Mono.just(tenant)
                        : Mono.error(TenantAccessException.otherTenant()));
    }

    /** Whether {@code requested} (absent when null or blank) is {@code tenant} or absent. */
    public static boolean named(String requested, String tenant) {
        return requested == null || requested.isBlank() || requested.strip().equals(tenant);
    }
}
