package io.sluice.admin.session;

import java.util.Optional;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who a console request acts for: the tenant of the API key it was signed in with, and that key
 * (to read the tenant's statistics from analytics). Put on the exchange by {@link ConsoleSessionFilter};
 * the console's controllers read it with {@link #of(ServerWebExchange)}.
 *
 * @param tenant the signed-in tenant
 * @param apiKey the key the console was signed in with
 */
public record ConsoleSession(String tenant, String apiKey) {

    /** Exchange attribute holding the session. */
    public static final String ATTRIBUTE = "io.sluice.admin.session.ConsoleSession";

    /** The session of {@code exchange}; only called behind {@link ConsoleSessionFilter}. */
    public static ConsoleSession of(ServerWebExchange exchange) {
        ConsoleSession session = exchange.getAttribute(ATTRIBUTE);
        if (session == null) {
            throw new IllegalStateException("no console session on " + exchange.getRequest().getPath() + ": the path is not guarded");
        }
        return session;
    }

    /** The session of {@code exchange}, if it has one. */
    public static Optional<ConsoleSession> find(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
    }

    @Override
    public String toString() {
        return "ConsoleSession[tenant=" + tenant + "]";
    }
}
