package io.sluice.ingest.auth;

import io.sluice.platform.tenant.RequestTenants;

/**
 * The rule for a tenant a request names next to its key (HTTP {@code X-Sluice-Tenant}, gRPC
 * {@code x-sluice-tenant}, Loki's {@code X-Scope-OrgID}): it may be absent, or it must be the key's
 * own tenant. A key never writes into another tenant.
 */
public final class TenantScope {

    private TenantScope() {
    }

    /**
     * {@code keyTenant} when {@code requestedTenant} is null, blank or the same tenant; otherwise a
     * {@link TenantMismatchException}.
     */
    public static String check(String requestedTenant, String keyTenant) {
        if (!RequestTenants.named(requestedTenant, keyTenant)) {
            throw new TenantMismatchException();
        }
        return keyTenant;
    }
}
