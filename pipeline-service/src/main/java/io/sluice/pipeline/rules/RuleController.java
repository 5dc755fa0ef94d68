package io.sluice.pipeline.rules;

import io.sluice.platform.tenant.RequestTenants;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * CRUD of the pipeline rules of the tenant of the request's API key: {@code /api/v1/pipeline/rules}
 * and {@code /api/v1/pipeline/rules/{id}}. Every change raises the tenant's rule-set version
 * (answered in {@value #VERSION_HEADER}), is applied here at once and published to the other
 * instances ({@link RuleChanges}). Bodies are checked by {@link RuleValidator} (400 with per-field
 * messages); another tenant's or an unknown id gets 404.
 */
@RestController
@RequestMapping(path = "/api/v1/pipeline/rules", produces = "application/json")
public class RuleController {

    /** Response header carrying the tenant's rule-set version after a change. */
    public static final String VERSION_HEADER = "X-Sluice-Rules-Version";

    private final RuleStore store;
    private final RuleValidator validator;
    private final RuleChanges changes;
    private final RequestTenants tenants;

    /** Serves the rules in {@code store} for the tenants {@code tenants} finds. */
    public RuleController(RuleStore store, RuleValidator validator, RuleChanges changes, RequestTenants tenants) {
        this.store = store;
        this.validator = validator;
        this.changes = changes;
        this.tenants = tenants;
    }

    /** {@code {"version": n, "rules": [...]}}: every rule of the tenant, disabled ones included, in the order applied. */
    @GetMapping
    public Mono<Map<String, Object>> list(@RequestHeader HttpHeaders headers) {
        return tenants.tenantOf(headers)
                .flatMap(tenant -> store.snapshot(tenant, false))
                .map(s -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("version", s.version());
                    body.put("rules", s.rules());
                    return body;
                });
    }

    /** Creates a rule; 201 with the stored rule and its location. */
    @PostMapping(consumes = "application/json")
    public Mono<ResponseEntity<PipelineRule>> create(@RequestHeader HttpHeaders headers, @RequestBody(required = false) RuleRequest body) {
        return tenants.tenantOf(headers).flatMap(tenant -> Mono.fromCallable(() -> validator.validate(body))
                .flatMap(d -> store.insert(tenant, d, System.currentTimeMillis()))
                .flatMap(c -> changes.changed(tenant).thenReturn(c))
                .map(c -> ResponseEntity.created(URI.create("/api/v1/pipeline/rules/" + c.rule().id()))
                        .header(VERSION_HEADER, Long.toString(c.version()))
                        .body(c.rule())));
    }

    /** One rule. */
    @GetMapping("/{id}")
    public Mono<PipelineRule> get(@RequestHeader HttpHeaders headers, @PathVariable long id) {
        return tenants.tenantOf(headers).flatMap(tenant -> store.find(tenant, id)).switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    /** Replaces a rule's definition. */
    @PutMapping(path = "/{id}", consumes = "application/json")
    public Mono<ResponseEntity<PipelineRule>> update(@RequestHeader HttpHeaders headers, @PathVariable long id,
            @RequestBody(required = false) RuleRequest body) {
        return tenants.tenantOf(headers).flatMap(tenant -> Mono.fromCallable(() -> validator.validate(body))
                .flatMap(d -> store.update(tenant, id, d, System.currentTimeMillis()))
                .switchIfEmpty(Mono.error(() -> notFound(id)))
                .flatMap(c -> changes.changed(tenant).thenReturn(c))
                .map(c -> ResponseEntity.ok().header(VERSION_HEADER, Long.toString(c.version())).body(c.rule())));
    }

    /** Deletes a rule; 204, or 404 when there is none. */
    @DeleteMapping("/{id}")
    public Mono<ResponseEntity<Void>> delete(@RequestHeader HttpHeaders headers, @PathVariable long id) {
        return tenants.tenantOf(headers).flatMap(tenant -> store.delete(tenant, id, System.currentTimeMillis())
                .switchIfEmpty(Mono.error(() -> notFound(id)))
                .flatMap(v -> changes.changed(tenant).thenReturn(v))
                .map(v -> ResponseEntity.noContent().header(VERSION_HEADER, Long.toString(v)).<Void>build()));
    }

    private static ResponseStatusException notFound(long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no pipeline rule with id " + id);
    }
}
