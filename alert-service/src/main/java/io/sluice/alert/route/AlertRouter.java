package io.sluice.alert.route;

import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where alerts enter routing: records an alert firing or resolving and creates the aggregation
 * groups it joins in the tenant's routing tree. Only tenants with a routing configuration are
 * routed; the answers say whether the alert was, so a caller can fall back to the rule's own
 * webhook. Joins the caller's transaction when called inside one.
 */
public class AlertRouter {

    private final RouteConfigRepository configs;
    private final AlertStore alerts;
    private final GroupRepository groups;
    private final GroupFlusher flusher;

    /**
     * @param configs routing configs
     * @param alerts the alerts
     * @param groups the groups
     * @param flusher flushes due groups (kicked after changes)
     */
    public AlertRouter(RouteConfigRepository configs, AlertStore alerts, GroupRepository groups, GroupFlusher flusher) {
        this.configs = configs;
        this.alerts = alerts;
        this.groups = groups;
        this.flusher = flusher;
    }

    /** Records that {@code alert} of {@code tenant} fires; true when the tenant routes alerts. */
    public Mono<Boolean> fire(String tenant, Alert alert, long nowMillis) {
        return configs.config(tenant)
                .flatMap(config -> alerts.fire(tenant, alert, nowMillis)
                        .flatMap(stored -> Flux.fromIterable(config.match(stored.labels()))
                                .concatMap(route -> groups.join(tenant, route, stored, nowMillis))
                                .then(Mono.just(true))))
                .defaultIfEmpty(false);
    }

    /** Records that the alert with {@code labels} resolved; true when the tenant routes alerts. */
    public Mono<Boolean> resolve(String tenant, Map<String, String> labels, long nowMillis) {
        return alerts.resolve(tenant, labels, nowMillis).then(configs.config(tenant).hasElement());
    }

    /**
     * Puts {@code tenant}'s firing alerts into the groups of its (new) routing tree; groups that
     * exist keep their state, so an unchanged group is not notified again.
     */
    public Mono<Void> regroup(String tenant, long nowMillis) {
        return configs.config(tenant)
                .flatMapMany(config -> alerts.current(tenant, nowMillis).filter(a -> !a.resolvedAt(nowMillis))
                        .concatMap(a -> Flux.fromIterable(config.match(a.labels())).concatMap(r -> groups.join(tenant, r, a, nowMillis))))
                .then(Mono.fromRunnable(flusher::kick));
    }

    /** Asks for due groups to be flushed now (after the caller's transaction committed). */
    public void flushSoon() {
        flusher.kick();
    }
}
