package io.sluice.logstore.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.logstore.model.ArchivedEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The allocation-light paths of encoding give what the general ones gave, past their small-size limits too. */
class EncodeFastPathTest {

    private static final long MINUTE = MinuteHistogram.NANOS_PER_MINUTE;

    private static List<ArchivedEvent> events(int n, int levels, int templates, long seed) {
        Random random = new Random(seed);
        List<ArchivedEvent> out = new ArrayList<>(n);
        long ts = 7 * MINUTE - 3;
        for (int i = 0; i < n; i++) {
            ts += random.nextInt(3) == 0 ? 0 : random.nextLong(MINUTE / 20);
            String prefix = "%024x".formatted(0xabc000L + i / 37);
            out.add(new ArchivedEvent(prefix + "%08x".formatted(i * 3), "t", ts, "svc", "h1",
                    new String("L" + random.nextInt(levels)), "line " + i + " value=" + random.nextInt(1000),
                    i % 5 == 0 ? "{\"a\":" + i + "}" : null, i % 7 == 0 ? "{\"f\":\"" + i + "\"}" : null,
                    (random.nextLong() % 1_000) * (random.nextBoolean() ? 1 : 1_000_000_007L) % templates, "long"));
        }
        return out;
    }

    @Test
    void chunksWithManyLevelsAndTemplatesRoundTripWithCountsInOrder() {
        List<ArchivedEvent> events = events(5_000, 40, 300, 1);
        EncodedChunk chunk = new ChunkCodec(3).encode(events);
        assertThat(ChunkCodec.decode(chunk.data(), "t", "svc", "h1", "long")).containsExactlyElementsOf(events);
        Map<String, Long> levels = events.stream().collect(Collectors.groupingBy(ArchivedEvent::level, TreeMap::new, Collectors.counting()));
        assertThat(chunk.levelCounts()).containsExactlyEntriesOf(levels);
        assertThat(chunk.templateIds()).containsExactly(events.stream().mapToLong(ArchivedEvent::templateId).distinct().sorted().toArray());
    }

    @Test
    void unorderedInputEncodesAsItsTimeOrder() {
        List<ArchivedEvent> events = events(2_000, 3, 20, 2);
        List<ArchivedEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(3));
        List<ArchivedEvent> back = ChunkCodec.decode(new ChunkCodec(3).encode(shuffled).data(), "t", "svc", "h1", "long");
        assertThat(back).isSortedAccordingTo(Comparator.comparingLong(ArchivedEvent::timestampNanos))
                .containsExactlyInAnyOrderElementsOf(events);
    }

    @Test
    void aHistogramOfEventsInTimeOrderEqualsTheOneOfTheSameEventsShuffled() {
        for (int levels : new int[] {1, 5, 40}) {
            List<ArchivedEvent> events = events(3_000, levels, 10, levels);
            List<ArchivedEvent> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, new Random(levels));
            MinuteHistogram ordered = MinuteHistogram.of(events);
            assertThat(ordered).isEqualTo(MinuteHistogram.of(shuffled));
            assertThat(ordered.encode()).isEqualTo(MinuteHistogram.of(shuffled).encode());
        }
    }
}
