package io.sluice.alert.rule;

import io.sluice.alert.access.KeyTenant;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * CRUD of alert rules: {@code /api/v1/alert-rules} and {@code /api/v1/alert-rules/{id}}. Bodies
 * are validated by {@link RuleValidator} (400 with per-field messages); unknown ids get 404. Each
 * request acts for its API key's tenant ({@link KeyTenant}): a body naming another tenant gets 403,
 * other tenants' rules are unknown ids.
 */
@RestController
@RequestMapping(path = "/api/v1/alert-rules", produces = "application/json")
public class RuleController {

    private final RuleRepository rules;
    private final RuleChangeListener changes;
    private final Clock clock;

    /** Serves the rules in {@code rules}; tells {@code changes} about replaced and deleted rules. */
    public RuleController(RuleRepository rules, RuleChangeListener changes, Clock clock) {
        this.rules = rules;
        this.changes = changes;
        this.clock = clock;
    }

    /** {@code {"rules": [...]}} of the key's tenant. */
    @GetMapping
    public Mono<Map<String, List<AlertRule>>> list(@RequestAttribute(KeyTenant.ATTRIBUTE) String tenant) {
        return rules.findAll(tenant).collectList().map(l -> Map.of("rules", l));
    }

    /** Creates a rule; 201 with the stored rule and its location. */
    @PostMapping(consumes = "application/json")
    public Mono<ResponseEntity<AlertRule>> create(@RequestAttribute(KeyTenant.ATTRIBUTE) String tenant,
            @RequestBody(required = false) RuleRequest body) {
        return Mono.fromCallable(() -> RuleValidator.validate(ofTenant(body, tenant)))
                .flatMap(d -> rules.insert(d, clock.millis()))
                .map(r -> ResponseEntity.created(URI.create("/api/v1/alert-rules/" + r.id())).body(r));
    }

    /** One rule. */
    @GetMapping("/{id}")
    public Mono<AlertRule> get(@RequestAttribute(KeyTenant.ATTRIBUTE) String tenant, @PathVariable long id) {
        return owned(tenant, id);
    }

    /** Replaces a rule's definition (its state is kept). */
    @PutMapping(path = "/{id}", consumes = "application/json")
    public Mono<AlertRule> update(@RequestAttribute(KeyTenant.ATTRIBUTE) String tenant, @PathVariable long id,
            @RequestBody(required = false) RuleRequest body) {
        return owned(tenant, id)
                .flatMap(before -> Mono.fromCallable(() -> RuleValidator.validate(ofTenant(body, tenant)))
                        .flatMap(d -> rules.update(id, d, clock.millis()))
                        .flatMap(after -> changes.replaced(before, after).then(rules.findById(id))))
                .switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    /** Deletes a rule; 204, or 404 when there is none. */
    @DeleteMapping("/{id}")
    public Mono<ResponseEntity<Void>> delete(@RequestAttribute(KeyTenant.ATTRIBUTE) String tenant, @PathVariable long id) {
        return owned(tenant, id)
                .flatMap(before -> rules.delete(id).filter(found -> found).flatMap(found -> changes.deleted(before).thenReturn(found)))
                .map(found -> ResponseEntity.noContent().<Void>build())
                .switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    /** Rule {@code id} when {@code tenant} owns it; else 404, as if it did not exist. */
    private Mono<AlertRule> owned(String tenant, long id) {
        return rules.findById(id).filter(r -> KeyTenant.owns(tenant, r.tenant())).switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    /** {@code body} acting for {@code tenant}: 403 when it names another tenant. */
    private static RuleRequest ofTenant(RuleRequest body, String tenant) {
        return body == null ? null : body.withTenant(KeyTenant.require(body.tenant(), tenant));
    }

    private static ResponseStatusException notFound(long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no alert rule with id " + id);
    }
}
