package io.sluice.logstore.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.store.ChunkStoreProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Cutting puts every event in the group of its stream, class and slice, in time order, within the limits. */
class ChunkPlanTest {

    private static final long MINUTE = 60_000_000_000L;

    private static ChunkPlan plan(int maxEvents, long maxBytes) {
        return new ChunkPlan(new ChunkStoreProperties.Chunk(maxEvents, DataSize.ofBytes(maxBytes), Duration.ofMinutes(1), 3, 1),
                new ChunkStoreProperties.Retention(Map.of("standard", 30, "long", 90), "standard", Map.of("t2", "long"),
                        Duration.ofHours(1), 2, Duration.ofDays(7), true));
    }

    private static ArchivedEvent event(int i, String tenant, String service, String host, long ts, String routed) {
        return new ArchivedEvent("%032x".formatted(i), new String(tenant), ts, new String(service), new String(host), "INFO",
                "message " + i, null, null, 0L, routed);
    }

    @Test
    void interleavedStreamsGroupByLabelsClassAndSliceInTimeOrder() {
        List<ArchivedEvent> events = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            long ts = (i * 7919L % 400) * (MINUTE / 200);
            events.add(event(i, i % 5 == 0 ? "t2" : "t1", "svc-" + i % 3, "h" + i % 2, ts, i % 7 == 0 ? "long" : ""));
        }
        List<ChunkPlan.Group> groups = plan(20_000, 4 << 20).cut(events);
        assertThat(groups.stream().mapToInt(g -> g.events().size()).sum()).isEqualTo(events.size());
        assertThat(groups.stream().map(ChunkPlan.Group::key).distinct().count()).isEqualTo(groups.size());
        for (ChunkPlan.Group g : groups) {
            assertThat(g.events()).isSortedAccordingTo(Comparator.comparingLong(ArchivedEvent::timestampNanos));
            for (ArchivedEvent e : g.events()) {
                String expectedClass = "long".equals(e.retentionClass()) || e.tenant().equals("t2") ? "long" : "standard";
                assertThat(new ChunkPlan.Key(e.tenant(), e.service(), e.host(), expectedClass, Math.floorDiv(e.timestampNanos(), MINUTE)))
                        .isEqualTo(g.key());
            }
        }
    }

    @Test
    void aStreamPastTheEventOrByteLimitIsSplitInTimeOrder() {
        List<ArchivedEvent> events = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            events.add(event(i, "t1", "svc", "h", (249 - i) * 1_000L, ""));
        }
        List<ChunkPlan.Group> byCount = plan(100, 4 << 20).cut(events);
        assertThat(byCount).extracting(g -> g.events().size()).containsExactly(100, 100, 50);
        assertThat(byCount.get(0).events().get(0).timestampNanos()).isZero();
        List<ChunkPlan.Group> byBytes = plan(20_000, 11 * 100).cut(events);
        assertThat(byBytes).allSatisfy(g -> assertThat(g.events().stream().mapToLong(e -> e.message().length()).sum()).isLessThanOrEqualTo(1_100));
        assertThat(byBytes.stream().flatMap(g -> g.events().stream()).toList())
                .isSortedAccordingTo(Comparator.comparingLong(ArchivedEvent::timestampNanos)).hasSize(250);
    }
}
