package io.sluice.analytics.template;

import io.sluice.analytics.window.MinuteCounter;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.patterns.Match;
import io.sluice.patterns.TemplateMiner;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place analytics mines templates: each buffer entry is mined once, by the consumer, and
 * the result ({@link MinedBatch}) is handed to every stage that needs template ids (anomaly
 * detection, window statistics), so two stages never mine the same line twice nor disagree on its
 * id. One in-memory miner per tenant and service; template ids are those of this instance's miner
 * (the same first line gives the same id on every instance). Thread-safe: a miner is used under its
 * own lock, so entries of different services are mined in parallel. CPU work: call it off Redis'
 * I/O threads.
 */
public final class TemplateMining {

    private final Map<String, Slot> miners = new ConcurrentHashMap<>();

    private static final class Slot {
        final TemplateMiner miner = new TemplateMiner();
        final Set<Long> reportedAliases = new HashSet<>();
    }

    /** Mines every event of {@code batch}, in order. */
    public MinedBatch mine(LogBatch batch) {
        int n = batch.getEventsCount();
        Match[] matches = new Match[n];
        List<List<MinedBatch.Alias>> aliases = null;
        for (int i = 0; i < n; i++) {
            LogEvent e = batch.getEvents(i);
            String service = e.getService().isEmpty() ? "unknown" : e.getService();
            Slot slot = miners.computeIfAbsent(MinuteCounter.tenantOf(e) + "\t" + service, k -> new Slot());
            long millis = Math.floorDiv(e.getTimestampUnixNanos(), 1_000_000L);
            List<MinedBatch.Alias> fresh = null;
            synchronized (slot) {
                matches[i] = slot.miner.mine(e.getMessage(), millis);
                if (slot.miner.aliases().size() != slot.reportedAliases.size()) {
                    for (Map.Entry<Long, Long> a : slot.miner.aliases().entrySet()) {
                        if (slot.reportedAliases.add(a.getKey())) {
                            if (fresh == null) {
                                fresh = new ArrayList<>();
                            }
                            fresh.add(new MinedBatch.Alias(a.getKey(), a.getValue()));
                        }
                    }
                }
            }
            if (fresh != null) {
                if (aliases == null) {
                    aliases = new ArrayList<>(n);
                }
                while (aliases.size() < i) {
                    aliases.add(List.of());
                }
                aliases.add(List.copyOf(fresh));
            }
        }
        return new MinedBatch(matches, aliases);
    }
}
