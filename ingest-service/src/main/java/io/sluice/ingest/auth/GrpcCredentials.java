package io.sluice.ingest.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.sluice.platform.tenant.TenancyUnavailableException;
import reactor.core.publisher.Mono;

/**
 * gRPC authentication for every ingest service on the server: this interceptor (registered for all
 * services) copies the API key and the optional {@code x-sluice-tenant} from the call's metadata
 * into the gRPC {@link Context}; a service then calls {@link #tenant} on its call thread and
 * resolves the tenant reactively. The interceptor refuses nothing itself, so services without
 * authentication (e.g. alert-service's intake in the standalone) are unaffected.
 */
public final class GrpcCredentials implements ServerInterceptor {

    private static final Context.Key<String> API_KEY = Context.key("sluice-api-key");
    private static final Context.Key<String> REQUESTED_TENANT = Context.key("sluice-requested-tenant");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Context context = Context.current()
                .withValue(API_KEY, ApiKeys.fromGrpc(headers))
                .withValue(REQUESTED_TENANT, ApiKeys.tenantFromGrpc(headers));
        return Contexts.interceptCall(context, call, headers, next);
    }

    /**
     * The tenant of the current call's key, checked against its {@code x-sluice-tenant}. Reads the
     * credentials now, so call it on the gRPC call thread (inside the service method); the lookup
     * itself is asynchronous. Errors: {@link UnauthenticatedException},
     * {@link TenantMismatchException}, {@link TenancyUnavailableException}.
     */
    public static Mono<String> tenant(TenantAuthenticator authenticator) {
        String key = API_KEY.get();
        String requested = REQUESTED_TENANT.get();
        return authenticator.tenantFor(key).map(tenant -> TenantScope.check(requested, tenant));
    }

    /**
     * The status to answer an authentication failure with (UNAUTHENTICATED, PERMISSION_DENIED or
     * UNAVAILABLE, described), or null when {@code error} is not one.
     */
    public static Status status(Throwable error) {
        if (error instanceof UnauthenticatedException) {
            return Status.UNAUTHENTICATED.withDescription(error.getMessage());
        }
        if (error instanceof TenantMismatchException) {
            return Status.PERMISSION_DENIED.withDescription(error.getMessage());
        }
        if (error instanceof TenancyUnavailableException) {
            return Status.UNAVAILABLE.withDescription(error.getMessage());
        }
        return null;
    }
}
