package io.sluice.ingest.auth;

import io.sluice.platform.tenant.ApiKeyHeaders;

/**
 * A request named a tenant ({@code X-Sluice-Tenant}, {@code x-sluice-tenant} metadata, Loki's
 * {@code X-Scope-OrgID}) other than the one its valid key belongs to; answered as HTTP 403 / gRPC
 * PERMISSION_DENIED, and nothing of the request is stored.
 */
public final class TenantMismatchException extends RuntimeException {

    /** The refusal, with the message {@value ApiKeyHeaders#OTHER_TENANT}. */
    public TenantMismatchException() {
        super(ApiKeyHeaders.OTHER_TENANT, null, false, false);
    }
}
