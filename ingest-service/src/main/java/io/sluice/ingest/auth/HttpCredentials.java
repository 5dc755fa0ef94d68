package io.sluice.ingest.auth;

import io.sluice.platform.tenant.TenancyUnavailableException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/**
 * HTTP authentication for every ingest input: the tenant of the request's key, checked against
 * its {@code X-Sluice-Tenant}, and the status a refusal is answered with (401 with
 * {@code WWW-Authenticate: Bearer}, 403, or 503 while keys cannot be checked). Inputs read the
 * bounded body first (answering before it is read can stall a keep-alive connection in Reactor
 * Netty) and call {@link #tenant} before decoding it, so nothing of a refused request is stored.
 */
public final class HttpCredentials {

    private HttpCredentials() {
    }

    /** The tenant of the key in {@code headers}; errors as {@link GrpcCredentials#tenant}. */
    public static Mono<String> tenant(TenantAuthenticator authenticator, HttpHeaders headers) {
        String requested = ApiKeys.tenantFromHttp(headers);
        return authenticator.tenantFor(ApiKeys.fromHttp(headers)).map(tenant -> TenantScope.check(requested, tenant));
    }

    /** The status for an authentication failure, or null when {@code error} is not one. */
    public static HttpStatus status(Throwable error) {
        if (error instanceof UnauthenticatedException) {
            return HttpStatus.UNAUTHORIZED;
        }
        if (error instanceof TenantMismatchException) {
            return HttpStatus.FORBIDDEN;
        }
        if (error instanceof TenancyUnavailableException) {
            return HttpStatus.SERVICE_UNAVAILABLE;
        }
        return null;
    }

    /** Whether {@code error} is an authentication failure ({@link #status} is not null). */
    public static boolean isAuthFailure(Throwable error) {
        return status(error) != null;
    }
}
