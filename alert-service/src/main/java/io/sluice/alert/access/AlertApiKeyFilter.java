package io.sluice.alert.access;

import io.sluice.platform.tenant.ApiKeyHeaders;
import io.sluice.platform.tenant.RequestTenants;
import io.sluice.platform.tenant.TenancyUnavailableException;
import io.sluice.platform.tenant.TenantAccessException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every request to alert-service's HTTP API ({@code /api/v1/alert-rules…}, {@code /api/v1/alert-firings…},
 * {@code /api/v1/alert/…}) must carry an API key ({@link ApiKeyHeaders}); the key's tenant is put
 * in {@link KeyTenant#ATTRIBUTE} for the controllers. One filter in front of all of them, so an
 * endpoint added later cannot forget the check. No key or an invalid one: 401 with
 * {@code WWW-Authenticate: Bearer}; a {@code tenant} query parameter or {@code X-Sluice-Tenant}
 * naming another tenant: 403; the tenant store unavailable: 503 with {@code Retry-After}; each with
 * {@code {"error": "…"}}. Other paths (actuator, other services in the standalone) pass untouched.
 */
public final class AlertApiKeyFilter implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger(AlertApiKeyFilter.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> PREFIXES = List.of("/api/v1/alert-rules", "/api/v1/alert-firings", "/api/v1/alert");

    private final RequestTenants tenants;

    /** Resolves each request's tenant with {@code tenants}. */
    public AlertApiKeyFilter(RequestTenants tenants) {
        this.tenants = tenants;
    }

    /** Whether {@code path} belongs to the alert API. */
    static boolean guarded(String path) {
        return PREFIXES.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!guarded(exchange.getRequest().getPath().pathWithinApplication().value())) {
            return chain.filter(exchange);
        }
        String requested = exchange.getRequest().getQueryParams().getFirst("tenant");
        ServerHttpResponse response = exchange.getResponse();
        return tenants.tenantOf(exchange.getRequest().getHeaders(), requested)
                .map(Optional::of)
                .onErrorResume(TenantAccessException.class, e -> {
                    if (!e.isForbidden()) {
                        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, ApiKeyHeaders.CHALLENGE);
                    }
                    return error(response, HttpStatus.valueOf(e.httpStatus()), e.getMessage()).then(Mono.just(Optional.<String>empty()));
                })
                .onErrorResume(TenancyUnavailableException.class, e -> {
                    log.warn("alert API request refused: {}", e.getMessage(), e.getCause());
                    response.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
                    return error(response, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()).then(Mono.just(Optional.<String>empty()));
                })
                .flatMap(tenant -> {
                    if (tenant.isEmpty()) {
                        return Mono.empty();
                    }
                    exchange.getAttributes().put(KeyTenant.ATTRIBUTE, tenant.get());
                    return chain.filter(exchange);
                });
    }

    private static Mono<Void> error(ServerHttpResponse response, HttpStatus status, String message) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        DataBuffer body = response.bufferFactory().wrap(JSON.writeValueAsString(Map.of("error", message)).getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(body));
    }
}
