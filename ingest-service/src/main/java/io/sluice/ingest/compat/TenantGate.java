package io.sluice.ingest.compat;

import io.grpc.Metadata;
import io.sluice.ingest.auth.ApiKeys;
import io.sluice.ingest.auth.TenantAuthenticator;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;

/**
 * Authenticates a request of a standard-protocol input: the API key (wherever {@link ApiKeys}
 * finds it) names the tenant; an {@code X-Scope-OrgID} header (Loki's tenant header, sent by
 * Promtail, Alloy and loki4j) must name that same tenant. Fails with
 * {@link io.sluice.ingest.auth.UnauthenticatedException} or {@link ScopeMismatchException}.
 */
public final class TenantGate {

    /** Loki's tenant header. */
    public static final String SCOPE_HEADER = "X-Scope-OrgID";

    /** Loki's tenant header as gRPC metadata. */
    public static final Metadata.Key<String> GRPC_SCOPE = Metadata.Key.of("x-scope-orgid", Metadata.ASCII_STRING_MARSHALLER);

    private final TenantAuthenticator authenticator;

    /** A gate asking {@code authenticator} who owns a key. */
    public TenantGate(TenantAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** The tenant of an HTTP request. */
    public Mono<String> tenant(HttpHeaders headers) {
        return check(ApiKeys.fromHttp(headers), headers.getFirst(SCOPE_HEADER));
    }

    /** The tenant of a gRPC call. */
    public Mono<String> tenant(Metadata metadata) {
        return check(ApiKeys.fromGrpc(metadata), metadata.get(GRPC_SCOPE));
    }

    private Mono<String> check(String key, String requested) {
        return authenticator.tenantFor(key).map(tenant -> {
            if (requested != null && !requested.isBlank() && !requested.strip().equals(tenant)) {
                throw new ScopeMismatchException("X-Scope-OrgID '" + abbreviate(requested.strip())
                        + "' is not the tenant of the API key; send the key of that tenant or drop the header");
            }
            return tenant;
        });
    }

    private static String abbreviate(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "…" : value;
    }
}
