package io.sluice.platform.tenant;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The operations on tenants and keys, for administration code: the {@link TenantStore} changes
 * plus telling every process about keys that changed ({@link KeyInvalidations}), so a revoked key
 * is refused everywhere within about a second, and a new key is not refused from a cached miss.
 */
public class TenantAdmin {

    private final TenantStore store;
    private final KeyInvalidations invalidations;

    /** Changes {@code store} and announces key changes through {@code invalidations}. */
    public TenantAdmin(TenantStore store, KeyInvalidations invalidations) {
        this.store = store;
        this.invalidations = invalidations;
    }

    /** See {@link TenantStore#createTenant}. */
    public Mono<Tenant> createTenant(String id, String name) {
        return store.createTenant(id, name);
    }

    /** See {@link TenantStore#tenants}. */
    public Flux<Tenant> tenants() {
        return store.tenants();
    }

    /** See {@link TenantStore#keys}. */
    public Flux<ApiKeyInfo> keys(String tenantId) {
        return store.keys(tenantId);
    }

    /** Creates a key for {@code tenantId}; its text is in the answer and nowhere else. */
    public Mono<IssuedApiKey> createKey(String tenantId, String name) {
        return store.createKey(tenantId, name)
                .flatMap(issued -> invalidations.changed(ApiKeyFormat.hashHex(issued.key())).thenReturn(issued));
    }

    /** Revokes key {@code keyId} everywhere; true when this call revoked it. */
    public Mono<Boolean> revokeKey(long keyId) {
        return store.revokeKey(keyId)
                .flatMap(hash -> invalidations.changed(hash).thenReturn(true))
                .defaultIfEmpty(false);
    }
}
