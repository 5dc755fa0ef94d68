package io.sluice.ingest.auth;

import io.grpc.Metadata;
import io.sluice.platform.tenant.ApiKeyHeaders;
import org.springframework.http.HttpHeaders;

/**
 * Where clients put their API key, read the same way by every input: HTTP
 * {@code Authorization: Bearer <key>}, {@code Authorization: Basic base64(user:<key>)} (Loki and
 * Elasticsearch clients; the user name is ignored), {@code Authorization: ApiKey base64(id:<key>)}
 * (Elasticsearch API keys; the id is ignored) or {@code X-Sluice-Api-Key: <key>}; gRPC metadata
 * {@code authorization: Bearer <key>} or {@code x-sluice-api-key: <key>}. The optional tenant a
 * request names ({@code X-Sluice-Tenant} / {@code x-sluice-tenant}) is checked with
 * {@link TenantScope}. The HTTP rules are platform's {@link ApiKeyHeaders}, shared with the query APIs.
 */
public final class ApiKeys {

    /** Header / metadata key for a bare API key. */
    public static final String HEADER = ApiKeyHeaders.API_KEY;

    /** Header / metadata key naming the tenant a request means to write as. */
    public static final String TENANT_HEADER = ApiKeyHeaders.TENANT;

    /** Message for a request without a key. */
    public static final String MISSING = ApiKeyHeaders.MISSING;

    /** Message for a key no tenant owns. */
    public static final String UNKNOWN = ApiKeyHeaders.UNKNOWN;

    /** Value of {@code WWW-Authenticate} on HTTP 401 answers. */
    public static final String CHALLENGE = ApiKeyHeaders.CHALLENGE;

    /** gRPC metadata key {@code authorization}. */
    public static final Metadata.Key<String> GRPC_AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    /** gRPC metadata key {@code x-sluice-api-key}. */
    public static final Metadata.Key<String> GRPC_API_KEY = Metadata.Key.of("x-sluice-api-key", Metadata.ASCII_STRING_MARSHALLER);

    /** gRPC metadata key {@code x-sluice-tenant}. */
    public static final Metadata.Key<String> GRPC_TENANT = Metadata.Key.of("x-sluice-tenant", Metadata.ASCII_STRING_MARSHALLER);

    private ApiKeys() {
    }

    /** The API key in {@code headers}, or null when there is none. */
    public static String fromHttp(HttpHeaders headers) {
        return ApiKeyHeaders.apiKey(headers);
    }

    /** The tenant named in {@code headers} ({@code X-Sluice-Tenant}), or null. */
    public static String tenantFromHttp(HttpHeaders headers) {
        return ApiKeyHeaders.requestedTenant(headers);
    }

    /** The API key in gRPC {@code metadata}, or null when there is none. */
    public static String fromGrpc(Metadata metadata) {
        String bare = metadata.get(GRPC_API_KEY);
        if (bare != null && !bare.isBlank()) {
            return bare.strip();
        }
        return fromAuthorization(metadata.get(GRPC_AUTHORIZATION));
    }

    /** The tenant named in gRPC {@code metadata} ({@code x-sluice-tenant}), or null. */
    public static String tenantFromGrpc(Metadata metadata) {
        String tenant = metadata.get(GRPC_TENANT);
        return tenant == null || tenant.isBlank() ? null : tenant.strip();
    }

    /** The key in an {@code Authorization} value (Bearer, Basic or ApiKey scheme), or null. */
    public static String fromAuthorization(String authorization) {
        return ApiKeyHeaders.fromAuthorization(authorization);
    }
}
