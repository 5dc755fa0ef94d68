package io.sluice.ingest.auth;

import reactor.core.publisher.Mono;

/**
 * Maps an API key to the tenant that owns it. Every input authenticates through this one
 * interface, so all of them accept the same keys and refuse the same way.
 */
public interface TenantAuthenticator {

    /**
     * The tenant id owning {@code apiKey}; fails with {@link UnauthenticatedException} when the
     * key is missing ({@code null} or blank), unknown or revoked.
     */
    Mono<String> tenantFor(String apiKey);
}
