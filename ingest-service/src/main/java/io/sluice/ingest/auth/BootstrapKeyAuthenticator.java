package io.sluice.ingest.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import reactor.core.publisher.Mono;

/**
 * Accepts exactly one configured key, for one tenant ({@code sluice.tenancy.bootstrap-api-key},
 * {@code sluice.tenancy.bootstrap-tenant}). The key is compared in constant time.
 */
public final class BootstrapKeyAuthenticator implements TenantAuthenticator {

    private final String tenant;
    private final byte[] key;

    /** Accepts {@code key} (none when null or blank) as {@code tenant}. */
    public BootstrapKeyAuthenticator(String tenant, String key) {
        this.tenant = tenant;
        this.key = key == null || key.isBlank() ? null : key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Mono<String> tenantFor(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            return Mono.error(new UnauthenticatedException(ApiKeys.MISSING));
        }
        if (key != null && MessageDigest.isEqual(key, apiKey.strip().getBytes(StandardCharsets.UTF_8))) {
            return Mono.just(tenant);
        }
        return Mono.error(new UnauthenticatedException(ApiKeys.UNKNOWN));
    }
}
