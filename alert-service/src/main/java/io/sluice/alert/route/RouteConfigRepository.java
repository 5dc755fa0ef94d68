package io.sluice.alert.route;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each tenant's routing configuration in MySQL ({@code alert_route_config}), stored as the
 * validated JSON the API accepted. Read on every routing decision (one primary-key lookup), so a
 * change applies to the next alert and flush on every instance without a cache to invalidate.
 */
public class RouteConfigRepository {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger log = LoggerFactory.getLogger(RouteConfigRepository.class);

    private final DatabaseClient db;

    /** Reads and writes through {@code db}. */
    public RouteConfigRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The stored configuration of {@code tenant}, as written; empty when it has none. */
    public Mono<RoutingSpec> spec(String tenant) {
        return db.sql("SELECT config FROM alert_route_config WHERE tenant = :tenant").bind("tenant", tenant)
                .map(r -> JSON.readValue(r.get("config", String.class), RoutingSpec.class))
                .one();
    }

    /**
     * The validated configuration of {@code tenant}; empty when it has none, or when the stored one
     * no longer validates (logged) — so a firing is then notified through the rule's webhook
     * instead of failing.
     */
    public Mono<RoutingConfig> config(String tenant) {
        return spec(tenant).flatMap(spec -> {
            try {
                return Mono.just(RoutingConfig.validate(spec));
            } catch (RouteValidationException e) {
                log.error("the stored routing configuration of tenant {} is invalid, alerts are not routed: {}", tenant, e.fields());
                return Mono.empty();
            }
        });
    }

    /**
     * Validates {@code spec} — every receiver it names must be one of {@code receivers}, as
     * Alertmanager requires — and stores it for {@code tenant} (replacing any); the validated config.
     */
    public Mono<RoutingConfig> put(String tenant, RoutingSpec spec, Flux<String> receivers, long nowMillis) {
        return Mono.fromCallable(() -> RoutingConfig.validate(spec))
                .flatMap(config -> receivers.collect(Collectors.toSet()).map(known -> {
                    List<String> unknown = config.receivers().stream().filter(r -> !known.contains(r)).toList();
                    if (!unknown.isEmpty()) {
                        throw new RouteValidationException(Map.of("receivers", "no channel named " + String.join(", ", unknown)
                                + " in tenant " + tenant + " (create it under /api/v1/alert/channels)"));
                    }
                    return config;
                }))
                .flatMap(config -> db.sql("INSERT INTO alert_route_config (tenant, config, updated_at) VALUES (:tenant, :config, :now)"
                                + " ON DUPLICATE KEY UPDATE config = VALUES(config), updated_at = VALUES(updated_at)")
                        .bind("tenant", tenant).bind("config", JSON.writeValueAsString(spec)).bind("now", nowMillis)
                        .fetch().rowsUpdated()
                        .thenReturn(config));
    }

    /** Deletes {@code tenant}'s configuration (its alerts go back to the rules' own webhooks); true when it had one. */
    public Mono<Boolean> delete(String tenant) {
        return db.sql("DELETE FROM alert_route_config WHERE tenant = :tenant").bind("tenant", tenant)
                .fetch().rowsUpdated().map(n -> n > 0);
    }
}
