package io.sluice.alert.route;

import io.sluice.alert.access.KeyTenant;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/alert/routes?tenant=}: a tenant's routing tree and inhibition rules (read,
 * replace with validation, delete), and {@code /api/v1/alert/groups?tenant=}: its aggregation
 * groups as they stand. The tenant is the API key's ({@link KeyTenant}); a {@code tenant}
 * parameter may name it (another tenant: 403).
 */
@RestController
public class RouteController {

    private final RouteConfigRepository configs;
    private final GroupRepository groups;
    private final AlertRouter router;
    private final ReceiverNames receivers;
    private final Clock clock;

    /**
     * Serves {@code configs} and {@code groups}; {@code router} regroups firing alerts after a
     * change; a config may only name {@code receivers}.
     */
    public RouteController(RouteConfigRepository configs, GroupRepository groups, AlertRouter router, ReceiverNames receivers, Clock clock) {
        this.configs = configs;
        this.groups = groups;
        this.router = router;
        this.receivers = receivers;
        this.clock = clock;
    }

    /** The stored configuration; 404 when the tenant has none. */
    @GetMapping(path = "/api/v1/alert/routes", produces = "application/json")
    public Mono<RoutingSpec> get(@RequestAttribute(KeyTenant.ATTRIBUTE) String tenant) {
        return configs.spec(tenant).switchIfEmpty(Mono.error(() -> notFound(tenant)));
    }

    /** Validates and stores the configuration (400 naming each invalid field or unknown receiver); 200 with it. */
    @PutMapping(path = "/api/v1/alert/routes", consumes = "application/json", produces = "application/json")
    public Mono<RoutingSpec> put(@RequestAttribute(KeyTenant.ATTRIBUTE) String tenant, @RequestBody(required = false) RoutingSpec body) {
        long now = clock.millis();
        return configs.put(tenant, body, receivers.of(tenant), now).then(router.regroup(tenant, now)).then(configs.spec(tenant));
    }

    /** Deletes the configuration: the tenant's rules notify their own webhooks again. 204, or 404. */
    @DeleteMapping("/api/v1/alert/routes")
    public Mono<ResponseEntity<Void>> delete(@RequestAttribute(KeyTenant.ATTRIBUTE) String tenant) {
        return configs.delete(tenant).flatMap(found -> found ? Mono.just(ResponseEntity.noContent().<Void>build()) : Mono.error(notFound(tenant)));
    }

    /** {@code {"groups": [...]}}: key, receiver, group labels, next flush, last notification, alerts last notified firing. */
    @GetMapping(path = "/api/v1/alert/groups", produces = "application/json")
    public Mono<Map<String, List<Map<String, Object>>>> groups(@RequestAttribute(KeyTenant.ATTRIBUTE) String tenant) {
        return groups.findAll(tenant).map(g -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("groupKey", g.key());
            m.put("receiver", g.receiver());
            m.put("groupLabels", g.groupLabels());
            m.put("nextFlushAt", g.state().nextFlushAt());
            m.put("lastNotifiedAt", g.state().lastNotifiedAt());
            m.put("lastFiring", g.state().lastFiring().stream().sorted().toList());
            return m;
        }).collectList().map(l -> Map.of("groups", l));
    }

    private static ResponseStatusException notFound(String tenant) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "tenant " + tenant + " has no routing configuration");
    }
}
