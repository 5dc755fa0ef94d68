package io.sluice.pipeline.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * This instance's compiled rules of every tenant: an immutable {@link TenantRules} per tenant,
 * swapped whole when a reload finds a newer version (never an older one, so reloads finishing out
 * of order cannot go back). Everything is loaded before the context finishes starting (blocking, on
 * the start-up thread), so the pipeline never processes an event before its tenant's rules are
 * known; later reloads are reactive. A stored rule that no longer compiles is skipped and logged.
 */
public class RuleSnapshots implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(RuleSnapshots.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final RuleStore store;
    private final Map<String, TenantRules> byTenant = new ConcurrentHashMap<>();

    /** Loads rules from {@code store}. */
    public RuleSnapshots(RuleStore store) {
        this.store = store;
    }

    @Override
    public void afterPropertiesSet() {
        refreshAll().block(STARTUP_TIMEOUT);
    }

    /** The rules of {@code tenant} now (none when it has no rules). Lock-free. */
    TenantRules of(String tenant) {
        return byTenant.getOrDefault(tenant, TenantRules.NONE);
    }

    /** The version of {@code tenant}'s rules this instance applies. */
    public long version(String tenant) {
        return of(tenant).version();
    }

    /** Reloads {@code tenant}'s rules from MySQL. */
    public Mono<Void> reload(String tenant) {
        return store.snapshot(tenant, true)
                .publishOn(Schedulers.parallel())
                .doOnNext(s -> install(tenant, compile(tenant, s)))
                .then();
    }

    /** Reloads every tenant whose stored version differs from the one applied here. */
    public Mono<Void> refreshAll() {
        return store.versions()
                .filter(v -> v.version() != version(v.tenant()))
                .concatMap(v -> reload(v.tenant()))
                .then();
    }

    private static TenantRules compile(String tenant, RuleStore.Snapshot s) {
        List<CompiledRule> compiled = new ArrayList<>(s.rules().size());
        for (PipelineRule rule : s.rules()) {
            try {
                compiled.add(RuleCompiler.compile(rule));
            } catch (RuntimeException e) {
                log.warn("pipeline rule {} of tenant {} does not compile and is skipped: {}", rule.id(), tenant, e.getMessage());
            }
        }
        return new TenantRules(s.version(), compiled);
    }

    private void install(String tenant, TenantRules fresh) {
        byTenant.merge(tenant, fresh, (old, neu) -> neu.version() >= old.version() ? neu : old);
    }
}
