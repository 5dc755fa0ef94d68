package io.sluice.admin.web;

import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Security headers for the console's HTML pages. The pages show untrusted log content, so besides
 * escaping everything they render they forbid inline and foreign scripts and styles
 * ({@code Content-Security-Policy}), framing and MIME sniffing. Only the console's own page paths
 * are touched, so other services sharing the HTTP server (in the standalone) are unaffected.
 */
public final class ConsoleHeadersFilter implements WebFilter {

    /** The policy: everything from this origin only, no inline script or style, no plugins, no framing. */
    public static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final Set<String> pages;

    /** Adds the headers to responses for exactly these request paths. */
    public ConsoleHeadersFilter(Set<String> pages) {
        this.pages = Set.copyOf(pages);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (pages.contains(exchange.getRequest().getPath().pathWithinApplication().value())) {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set("Content-Security-Policy", POLICY);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "same-origin");
        }
        return chain.filter(exchange);
    }
}
