package io.sluice.alert.silence;

import io.sluice.alert.access.KeyTenant;
import io.sluice.alert.route.AlertRouter;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/alert/silences}: create a silence (matchers and an end), list silences by state
 * (the expired ones are the history), read one, expire one early ({@code DELETE}). Bodies are
 * validated by {@link SilenceValidator} (400 with per-field messages); unknown ids get 404. Each
 * request acts for its API key's tenant ({@link KeyTenant}): a body naming another tenant gets 403,
 * other tenants' silences are unknown ids.
 */
@RestController
@RequestMapping(path = "/api/v1/alert/silences", produces = "application/json")
public class SilenceController {

    /** Largest {@code limit} accepted. */
    static final int MAX_LIMIT = 1000;

    private final SilenceRepository silences;
    private final AlertRouter router;
    private final Clock clock;

    /** Serves the silences in {@code silences}; asks {@code router} to re-check groups when they change. */
    public SilenceController(SilenceRepository silences, AlertRouter router, Clock clock) {
        this.silences = silences;
        this.router = router;
        this.clock = clock;
    }

    /** {@code {"silences": [...]}} newest first; {@code state} pending, active or expired; {@code limit} 1–1000 (100). */
    @GetMapping
    public Mono<Map<String, List<Silence>>> list(@RequestAttribute(KeyTenant.ATTRIBUTE) String tenant, @RequestParam(required = false) String state,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be between 1 and " + MAX_LIMIT));
        }
        SilenceState s;
        try {
            s = state == null ? null : SilenceState.valueOf(state.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, "state must be pending, active or expired"));
        }
        return silences.find(tenant, s, clock.millis(), limit).collectList().map(l -> Map.of("silences", l));
    }

    /** Creates a silence; 201 with it and its location. */
    @PostMapping(consumes = "application/json")
    public Mono<ResponseEntity<Silence>> create(@RequestAttribute(KeyTenant.ATTRIBUTE) String tenant,
            @RequestBody(required = false) SilenceRequest body) {
        long now = clock.millis();
        return Mono.fromCallable(() -> SilenceValidator.validate(
                        body == null ? null : body.withTenant(KeyTenant.require(body.tenant(), tenant)), now))
                .flatMap(d -> silences.insert(d, now))
                .map(s -> ResponseEntity.created(URI.create("/api/v1/alert/silences/" + s.id())).body(s));
    }

    /** One silence. */
    @GetMapping("/{id}")
    public Mono<Silence> get(@RequestAttribute(KeyTenant.ATTRIBUTE) String tenant, @PathVariable long id) {
        return owned(tenant, id);
    }

    /** Expires a silence now (kept as history); 200 with it. An already expired silence is returned unchanged. */
    @DeleteMapping("/{id}")
    public Mono<Silence> expire(@RequestAttribute(KeyTenant.ATTRIBUTE) String tenant, @PathVariable long id) {
        return owned(tenant, id).then(silences.expire(id, clock.millis()))
                .doOnNext(s -> router.flushSoon())
                .switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    /** Silence {@code id} when {@code tenant} owns it; else 404, as if it did not exist. */
    private Mono<Silence> owned(String tenant, long id) {
        return silences.findById(id, clock.millis()).filter(s -> KeyTenant.owns(tenant, s.tenant()))
                .switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    private static ResponseStatusException notFound(long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no silence with id " + id);
    }
}
