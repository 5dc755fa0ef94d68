package io.sluice.admin.session;

import io.sluice.platform.tenant.ApiKeyLookup;
import io.sluice.platform.tenant.TenancyUnavailableException;
import java.net.URI;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Signing in to the console with an API key ({@code GET/POST /login}) and out
 * ({@code POST /logout}), until users exist (issue 7). A valid key sets the session cookie
 * ({@link SessionCookie}) and goes back to the page asked for (303); a wrong key shows the form
 * again with the reason (401). Form posts from another site are refused (403) even before
 * {@code SameSite} would make them useless, so nobody can sign a browser in with their own key.
 */
@Controller
public class LoginController {

    /** The sign-in page. */
    public static final String PATH = "/login";

    private static final Logger log = LoggerFactory.getLogger(LoginController.class);
    private static final int MAX_KEY_CHARS = 512;

    private final ApiKeyLookup lookup;
    private final SessionCookie cookie;

    /** Checks keys with {@code lookup}, signs browsers in and out with {@code cookie}. */
    public LoginController(ApiKeyLookup lookup, SessionCookie cookie) {
        this.lookup = lookup;
        this.cookie = cookie;
    }

    @GetMapping(path = PATH, produces = MediaType.TEXT_HTML_VALUE)
    Rendering form(@RequestParam(required = false) String next) {
        return page(next, null, HttpStatus.OK);
    }

    @PostMapping(path = PATH, produces = MediaType.TEXT_HTML_VALUE)
    Mono<Rendering> signIn(ServerWebExchange exchange) {
        if (crossSite(exchange)) {
            return Mono.just(page(null, "Sign-in refused: the form was sent from another site.", HttpStatus.FORBIDDEN));
        }
        return exchange.getFormData().flatMap(form -> {
            String next = form.getFirst("next");
            String key = field(form, "apiKey");
            if (key == null) {
                return Mono.just(page(next, "Paste an API key.", HttpStatus.UNAUTHORIZED));
            }
            if (key.length() > MAX_KEY_CHARS) {
                return Mono.just(page(next, "That API key is not valid (unknown or revoked).", HttpStatus.UNAUTHORIZED));
            }
            return lookup.tenantOf(key)
                    .map(Optional::of)
                    .defaultIfEmpty(Optional.empty())
                    .map(tenant -> {
                        if (tenant.isEmpty()) {
                            return page(next, "That API key is not valid (unknown or revoked).", HttpStatus.UNAUTHORIZED);
                        }
                        cookie.set(exchange, key);
                        return Rendering.redirectTo(safeNext(next)).build();
                    })
                    .onErrorResume(TenancyUnavailableException.class, e -> {
                        log.warn("console sign-in failed: {}", e.getMessage(), e.getCause());
                        return Mono.just(page(next, e.getMessage(), HttpStatus.SERVICE_UNAVAILABLE));
                    });
        });
    }

    @PostMapping(path = "/logout")
    Rendering signOut(ServerWebExchange exchange) {
        if (crossSite(exchange)) {
            return page(null, "Sign-out refused: the form was sent from another site.", HttpStatus.FORBIDDEN);
        }
        cookie.clear(exchange);
        return Rendering.redirectTo(PATH).build();
    }

    private static Rendering page(String next, String error, HttpStatus status) {
        Rendering.Builder<?> page = Rendering.view("login/login").status(status).modelAttribute("next", safeNext(next));
        if (error != null) {
            page.modelAttribute("error", error);
        }
        return page.build();
    }

    /** {@code next} when it is a path of this site, else {@code /}: never a redirect to elsewhere. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.length() > 2000
                || next.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "/";
        }
        return next;
    }

    /** Whether the browser says the form came from another site ({@code Sec-Fetch-Site} or {@code Origin}). */
    static boolean crossSite(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String fetchSite = headers.getFirst("Sec-Fetch-Site");
        if (fetchSite != null && fetchSite.equalsIgnoreCase("cross-site")) {
            return true;
        }
        String origin = headers.getFirst(HttpHeaders.ORIGIN);
        if (origin == null) {
            return false;
        }
        try {
            String host = URI.create(origin).getHost();
            return host == null || !host.equalsIgnoreCase(exchange.getRequest().getURI().getHost());
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static String field(MultiValueMap<String, String> form, String name) {
        String value = form.getFirst(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
