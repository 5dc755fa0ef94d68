package io.sluice.admin.session;

import io.sluice.platform.tenant.ApiKeyHeaders;
import io.sluice.platform.tenant.ApiKeyLookup;
import io.sluice.platform.tenant.TenancyUnavailableException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Guards the console: its pages and the data endpoints their scripts call ({@code /console/api/…})
 * act only for the tenant of the API key the browser signed in with ({@link ConsoleSession}). The
 * key comes from the session cookie and is checked on every request (cached by
 * {@link ApiKeyLookup}), so revoking a key ends its sessions. Without a valid session a page
 * redirects to {@code /login} (and back after signing in), a data endpoint answers 401 JSON; an
 * unreachable tenant store answers 503. Other paths (the key-authenticated APIs, other services in
 * the standalone) pass untouched, and so do Elasticsearch shippers' probes of {@code /} ({@code HEAD},
 * or {@code GET} with credentials and not asking for HTML), which ingest answers in the standalone;
 * the overview itself redirects such a request without a session to the sign-in page.
 */
public final class ConsoleSessionFilter implements WebFilter {

    /** Prefix of the console's own data endpoints. */
    public static final String API_PREFIX = "/console/api/";

    private static final Logger log = LoggerFactory.getLogger(ConsoleSessionFilter.class);

    private final Set<String> pages;
    private final SessionCookie cookie;
    private final ApiKeyLookup lookup;

    /** Guards {@code pages} and {@link #API_PREFIX}, reading sessions from {@code cookie}, checking keys with {@code lookup}. */
    public ConsoleSessionFilter(Set<String> pages, SessionCookie cookie, ApiKeyLookup lookup) {
        this.pages = Set.copyOf(pages);
        this.cookie = cookie;
        this.lookup = lookup;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        boolean api = path.startsWith(API_PREFIX);
        if (!api && !pages.contains(path) || path.equals("/") && shipperProbe(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        String key = cookie.apiKey(exchange);
        Mono<String> tenant = key == null ? Mono.empty() : lookup.tenantOf(key);
        return tenant.map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .onErrorResume(TenancyUnavailableException.class, e -> {
                    log.warn("console request refused: {}", e.getMessage(), e.getCause());
                    return write(exchange.getResponse(), HttpStatus.SERVICE_UNAVAILABLE, api, e.getMessage()).then(Mono.empty());
                })
                .flatMap(found -> {
                    if (found.isPresent()) {
                        exchange.getAttributes().put(ConsoleSession.ATTRIBUTE, new ConsoleSession(found.get(), key));
                        return chain.filter(exchange);
                    }
                    if (cookie.present(exchange)) {
                        cookie.clear(exchange);
                    }
                    return api
                            ? write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, true, "not signed in: sign in with an API key at /login")
                            : redirectToLogin(exchange);
                });
    }

    /** Whether {@code request} is a log shipper probing for an Elasticsearch cluster (see ingest's ElasticHandler). */
    static boolean shipperProbe(ServerHttpRequest request) {
        if (request.getMethod() == HttpMethod.HEAD) {
            return true;
        }
        HttpHeaders headers = request.getHeaders();
        return request.getMethod() == HttpMethod.GET
                && headers.getAccept().stream().noneMatch(MediaType.TEXT_HTML::equalsTypeAndSubtype)
                && (headers.getFirst(HttpHeaders.AUTHORIZATION) != null || headers.getFirst(ApiKeyHeaders.API_KEY) != null);
    }

    private static Mono<Void> redirectToLogin(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        UriComponentsBuilder login = UriComponentsBuilder.fromPath(LoginController.PATH);
        if (request.getMethod() == HttpMethod.GET) {
            URI uri = request.getURI();
            String back = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            if (!back.equals("/")) {
                login.queryParam("next", "{next}");
                exchange.getResponse().getHeaders().setLocation(login.encode().buildAndExpand(back).toUri());
            }
        }
        if (exchange.getResponse().getHeaders().getLocation() == null) {
            exchange.getResponse().getHeaders().setLocation(login.build().toUri());
        }
        exchange.getResponse().setStatusCode(HttpStatus.SEE_OTHER);
        return exchange.getResponse().setComplete();
    }

    private static Mono<Void> write(ServerHttpResponse response, HttpStatus status, boolean json, String message) {
        response.setStatusCode(status);
        String body;
        if (json) {
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            body = "{\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        } else {
            response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
            body = message;
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }
}
