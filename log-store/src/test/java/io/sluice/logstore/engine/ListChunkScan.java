package io.sluice.logstore.engine;

import io.sluice.common.query.LabelMatcher;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.scan.ChunkRef;
import io.sluice.logstore.scan.ChunkScan;
import io.sluice.logstore.scan.ScanRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The chunk archive's read contract over events held in memory, cut into chunks per (tenant,
 * service, host, time slice) as the archive cuts them, with the same pruning rules (time, stream
 * labels, level counts, substrings): for testing the engine's planning, merging and paging apart
 * from storage.
 */
final class ListChunkScan implements ChunkScan {

    private final Map<ChunkRef, List<ArchivedEvent>> chunks = new LinkedHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final Duration readDelay;

    ListChunkScan(List<ArchivedEvent> events, long sliceNanos, Duration readDelay) {
        this.readDelay = readDelay;
        Map<List<Object>, List<ArchivedEvent>> groups = new TreeMap<>(Comparator.comparing(Object::toString));
        for (ArchivedEvent e : events) {
            groups.computeIfAbsent(List.of(e.tenant(), e.service(), e.host(), Math.floorDiv(e.timestampNanos(), sliceNanos)),
                    k -> new ArrayList<>()).add(e);
        }
        long id = 1;
        for (List<ArchivedEvent> group : groups.values()) {
            group.sort(LineOrder.ASCENDING);
            Map<String, Long> levels = new HashMap<>();
            long raw = 0;
            for (ArchivedEvent e : group) {
                levels.merge(e.level(), 1L, Long::sum);
                raw += e.message().getBytes(StandardCharsets.UTF_8).length;
            }
            ArchivedEvent first = group.get(0);
            ChunkRef ref = new ChunkRef("s0", id++, first.tenant(), Map.of("service", first.service(), "host", first.host()),
                    first.timestampNanos(), group.get(group.size() - 1).timestampNanos(), group.size(), levels, raw);
            chunks.put(ref, List.copyOf(group));
        }
    }

    int reads() {
        return reads.get();
    }

    int chunkCount() {
        return chunks.size();
    }

    @Override
    public Flux<ChunkRef> find(ScanRequest r) {
        List<ChunkRef> out = new ArrayList<>();
        for (Map.Entry<ChunkRef, List<ArchivedEvent>> c : chunks.entrySet()) {
            ChunkRef ref = c.getKey();
            if (ref.tenant().equals(r.tenant()) && ref.maxTsNanos() >= r.fromNanos() && ref.minTsNanos() < r.toNanos()
                    && labelsMatch(ref, r.streamMatchers()) && levelsMatch(ref, r.streamMatchers())
                    && r.requiredTokens().stream().allMatch(t -> c.getValue().stream().anyMatch(e -> e.message().contains(t)))) {
                out.add(ref);
            }
        }
        out.sort(r.newestFirst() ? Comparator.comparingLong(ChunkRef::maxTsNanos).reversed() : Comparator.comparingLong(ChunkRef::minTsNanos));
        return Flux.fromIterable(out);
    }

    @Override
    public Mono<List<ArchivedEvent>> read(ChunkRef chunk) {
        reads.incrementAndGet();
        Mono<List<ArchivedEvent>> events = Mono.fromSupplier(() -> chunks.get(chunk));
        return readDelay.isZero() ? events : events.delayElement(readDelay);
    }

    private static boolean labelsMatch(ChunkRef ref, List<LabelMatcher> matchers) {
        return matchers.stream().filter(m -> !m.label().equals("level"))
                .allMatch(m -> m.matches(ref.labels().getOrDefault(m.label(), "")));
    }

    private static boolean levelsMatch(ChunkRef ref, List<LabelMatcher> matchers) {
        List<LabelMatcher> level = matchers.stream().filter(m -> m.label().equals("level")).toList();
        return level.isEmpty() || ref.levelCounts().keySet().stream().anyMatch(l -> level.stream().allMatch(m -> m.matches(l)));
    }
}
