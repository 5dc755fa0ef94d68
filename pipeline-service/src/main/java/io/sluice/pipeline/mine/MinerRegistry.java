package io.sluice.pipeline.mine;

import io.sluice.patterns.MinerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The miners of this process, one per (tenant, service), at most {@code maxMiners}: the least recently
 * used is dropped when a new stream arrives beyond that (its counts stay queued for the next flush). A
 * lookup of a known stream is one {@link ConcurrentHashMap} read, without locks.
 *
 * <p>Ids stay stable across restarts because miners are restored from the store: at start-up, before the
 * consumer reads anything, {@link #preload} restores the most recently active streams (blocking the starting
 * thread); a stream first seen later (new, evicted, or created by another instance since) starts mining at
 * once and its stored templates are merged in when they arrive, on Reactor's parallel scheduler. The mining
 * path itself never waits for I/O.
 */
final class MinerRegistry {

    private static final Logger log = LoggerFactory.getLogger(MinerRegistry.class);

    private final TemplateSource store;
    private final MinerSettings settings;
    private final int maxMiners;
    private final Map<StreamKey, StreamMiner> miners = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<StreamMiner> retired = new ConcurrentLinkedQueue<>();
    private final AtomicLong clock = new AtomicLong();

    MinerRegistry(TemplateSource store, MinerSettings settings, int maxMiners) {
        this.store = store;
        this.settings = settings;
        this.maxMiners = maxMiners;
    }

    /**
     * Restores the miners of {@code streams} (the most recently active first; at most {@code maxMiners}),
     * blocking the calling thread at most {@code timeout}: call at start-up, never from an event loop.
     *
     * @return how many miners were restored
     */
    long preload(List<StreamKey> streams, Duration timeout) {
        return Flux.fromIterable(streams.subList(0, Math.min(streams.size(), maxMiners)))
                .flatMap(key -> store.load(key.tenant(), key.service(), settings.maxTemplates()).map(stored -> {
                    StreamMiner m = new StreamMiner(key, settings);
                    m.restore(stored);
                    miners.putIfAbsent(key, m);
                    return m;
                }), 4)
                .count()
                .block(timeout);
    }

    /** The miner of {@code key}, created and restored from the store on first use. */
    StreamMiner miner(StreamKey key) {
        StreamMiner m = miners.get(key);
        if (m == null) {
            m = create(key);
        }
        m.touch(clock.incrementAndGet());
        return m;
    }

    private StreamMiner create(StreamKey key) {
        boolean[] created = {false};
        StreamMiner m = miners.computeIfAbsent(key, k -> {
            created[0] = true;
            return new StreamMiner(k, settings);
        });
        if (created[0]) {
            store.load(key.tenant(), key.service(), settings.maxTemplates())
                    .publishOn(Schedulers.parallel())
                    .subscribe(m::restore, e -> log.warn("templates of tenant {} service '{}' could not be restored: {}", key.tenant(),
                            key.service(), e.toString()));
            evictBeyondCap();
        }
        return m;
    }

    private void evictBeyondCap() {
        int excess = miners.size() - maxMiners;
        if (excess <= 0) {
            return;
        }
        List<StreamMiner> all = new ArrayList<>(miners.values());
        all.sort(Comparator.comparingLong(StreamMiner::lastUsed));
        for (StreamMiner old : all.subList(0, Math.min(excess, all.size()))) {
            if (miners.remove(old.key(), old)) {
                retired.add(old);
            }
        }
    }

    /** Everything every miner (and every miner dropped since the last call) owes the store. */
    List<Pending> drain() {
        List<Pending> out = new ArrayList<>();
        StreamMiner r;
        while ((r = retired.poll()) != null) {
            add(out, r.drain());
        }
        for (StreamMiner m : miners.values()) {
            add(out, m.drain());
        }
        return out;
    }

    int size() {
        return miners.size();
    }

    private static void add(List<Pending> out, Pending p) {
        if (!p.isEmpty()) {
            out.add(p);
        }
    }
}
