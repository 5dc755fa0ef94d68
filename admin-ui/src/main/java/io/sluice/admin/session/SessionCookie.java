package io.sluice.admin.session;

import java.time.Duration;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.web.server.ServerWebExchange;

/**
 * The console's session cookie: {@code HttpOnly} (scripts, even injected ones, cannot read it),
 * {@code SameSite=Strict} (no other site can make the browser send it, which is the console's
 * protection against cross-site request forgery), {@code Secure} over https or when configured.
 */
public final class SessionCookie {

    /** The cookie's name. */
    public static final String NAME = "sluice_session";

    private final SessionTokens tokens;
    private final boolean alwaysSecure;

    /** Cookies holding tokens of {@code tokens}; {@code alwaysSecure} marks them Secure even over http. */
    public SessionCookie(SessionTokens tokens, boolean alwaysSecure) {
        this.tokens = tokens;
        this.alwaysSecure = alwaysSecure;
    }

    /** The API key of the exchange's session cookie, or null when there is no valid one. */
    public String apiKey(ServerWebExchange exchange) {
        HttpCookie cookie = exchange.getRequest().getCookies().getFirst(NAME);
        return cookie == null ? null : tokens.open(cookie.getValue()).orElse(null);
    }

    /** Whether the request carries a session cookie at all (valid or not). */
    public boolean present(ServerWebExchange exchange) {
        return exchange.getRequest().getCookies().getFirst(NAME) != null;
    }

    /** Signs the response's browser in with {@code apiKey}. */
    public void set(ServerWebExchange exchange, String apiKey) {
        exchange.getResponse().addCookie(cookie(exchange, tokens.seal(apiKey), tokens.maxAge()));
    }

    /** Signs the response's browser out. */
    public void clear(ServerWebExchange exchange) {
        exchange.getResponse().addCookie(cookie(exchange, "", Duration.ZERO));
    }

    private ResponseCookie cookie(ServerWebExchange exchange, String value, Duration maxAge) {
        boolean https = exchange.getRequest().getSslInfo() != null || "https".equalsIgnoreCase(exchange.getRequest().getURI().getScheme());
        return ResponseCookie.from(NAME, value)
                .path("/")
                .httpOnly(true)
                .sameSite("Strict")
                .secure(alwaysSecure || https)
                .maxAge(maxAge)
                .build();
    }
}
