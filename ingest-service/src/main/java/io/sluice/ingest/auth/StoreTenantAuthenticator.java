package io.sluice.ingest.auth;

import io.sluice.platform.tenant.ApiKeyLookup;
import reactor.core.publisher.Mono;

/**
 * The ingest authenticator: keys are looked up in the platform tenant store through its cached
 * {@link ApiKeyLookup} (a revoked key is refused on every instance within about a second). A
 * store outage surfaces as {@link io.sluice.platform.tenant.TenancyUnavailableException}
 * (503 / UNAVAILABLE), never as a refusal of a good key.
 */
public final class StoreTenantAuthenticator implements TenantAuthenticator {

    private final ApiKeyLookup lookup;

    /** Authenticates with {@code lookup}. */
    public StoreTenantAuthenticator(ApiKeyLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public Mono<String> tenantFor(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            return Mono.error(new UnauthenticatedException(ApiKeys.MISSING));
        }
        return lookup.tenantOf(apiKey.strip())
                .switchIfEmpty(Mono.error(() -> new UnauthenticatedException(ApiKeys.UNKNOWN)));
    }
}
