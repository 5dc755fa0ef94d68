package io.sluice.pipeline.mine;

import io.sluice.logstore.template.StoredTemplate;
import io.sluice.logstore.template.TemplateAlias;
import io.sluice.logstore.template.TemplateWriter;
import io.sluice.platform.lifecycle.PeriodicTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Writes what the miners accumulated to the template store every {@code flushInterval}, off the mining
 * path: count deltas as additive upserts, then new aliases, one batched statement per 500 rows. A failed
 * write keeps its rows and merges them with the next flush's (same template: counts added), so an outage
 * of MySQL costs no counts, up to {@code maxPending} distinct templates; beyond that new deltas are dropped
 * and logged. Stops after the consumer (lower phase) and flushes once more, so a clean shutdown loses nothing.
 */
public final class TemplateFlusher extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(TemplateFlusher.class);

    private final MinerRegistry miners;
    private final TemplateWriter store;
    private final int maxPending;
    private final Duration shutdownTimeout;
    private final Map<List<Object>, StoredTemplate> carried = new LinkedHashMap<>();
    private final Map<List<Object>, TemplateAlias> carriedAliases = new LinkedHashMap<>();
    private long dropped;

    TemplateFlusher(MinerRegistry miners, TemplateWriter store, Duration flushInterval, int maxPending, Duration shutdownTimeout) {
        super(flushInterval, flushInterval);
        this.miners = miners;
        this.store = store;
        this.maxPending = maxPending;
        this.shutdownTimeout = shutdownTimeout;
    }

    @Override
    protected Mono<Void> runOnce() {
        return flush();
    }

    /** Writes everything pending now; on failure the rows stay pending for the next flush. */
    public Mono<Void> flush() {
        return Mono.defer(() -> {
            Pending batch = take();
            if (batch.isEmpty()) {
                return Mono.empty();
            }
            return store.upsert(batch.templates())
                    .then(store.addAliases(batch.aliases()))
                    .doOnError(e -> putBack(batch))
                    .doOnCancel(() -> putBack(batch));
        });
    }

    private synchronized Pending take() {
        for (Pending p : miners.drain()) {
            p.templates().forEach(this::carry);
            p.aliases().forEach(a -> carriedAliases.putIfAbsent(List.of(a.tenant(), a.service(), a.fromId()), a));
        }
        if (dropped > 0) {
            log.warn("template store unreachable for long: {} template counts dropped beyond {} pending rows", dropped, maxPending);
            dropped = 0;
        }
        Pending out = new Pending(new ArrayList<>(carried.values()), new ArrayList<>(carriedAliases.values()));
        carried.clear();
        carriedAliases.clear();
        return out;
    }

    private synchronized void putBack(Pending batch) {
        batch.templates().forEach(this::carry);
        batch.aliases().forEach(a -> carriedAliases.putIfAbsent(List.of(a.tenant(), a.service(), a.fromId()), a));
    }

    private void carry(StoredTemplate t) {
        List<Object> key = List.of(t.tenant(), t.service(), t.id());
        StoredTemplate before = carried.get(key);
        if (before == null) {
            if (carried.size() >= maxPending) {
                dropped += t.count();
                return;
            }
            carried.put(key, t);
        } else {
            carried.put(key, new StoredTemplate(t.tenant(), t.service(), t.id(), t.template(), before.count() + t.count(),
                    Math.min(before.firstSeen(), t.firstSeen()), Math.max(before.lastSeen(), t.lastSeen())));
        }
    }

    @Override
    public synchronized void stop() {
        super.stop();
        try {
            flush().block(shutdownTimeout);
        } catch (RuntimeException e) {
            log.warn("last template flush failed, counts since the previous flush are lost: {}", e.toString());
        }
    }

    /** Stops after the buffer consumer (which stops in the default phase), so its last batches are counted. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1;
    }
}
