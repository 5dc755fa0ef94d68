package io.sluice.logstore.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.logstore.model.ArchivedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MinuteHistogramTest {

    static final long MIN = MinuteHistogram.NANOS_PER_MINUTE;
    static final long T0 = 29_400_000L * MIN + 17_000_000_000L;

    static ArchivedEvent event(long ts, String level) {
        return new ArchivedEvent("id", "t", ts, "s", "h", level, "m", null, null);
    }

    static List<ArchivedEvent> randomEvents(int n, int minutes, long seed) {
        Random r = new Random(seed);
        String[] levels = {"INFO", "WARN", "ERROR", "", "DEBUG"};
        List<ArchivedEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(event(T0 + (long) (r.nextDouble() * minutes * MIN), levels[r.nextInt(levels.length)]));
        }
        return out;
    }

    static Map<String, Long> truth(List<ArchivedEvent> events, long from, long to) {
        Map<String, Long> out = new TreeMap<>();
        events.stream().filter(e -> e.timestampNanos() > from && e.timestampNanos() <= to).forEach(e -> out.merge(e.level(), 1L, Long::sum));
        return out;
    }

    @Test
    void countsEveryMinuteAlignedRangeExactlyAfterARoundTrip() {
        List<ArchivedEvent> events = randomEvents(5_000, 61, 7);
        MinuteHistogram h = MinuteHistogram.of(events);
        long min = events.stream().mapToLong(ArchivedEvent::timestampNanos).min().orElseThrow();
        long max = events.stream().mapToLong(ArchivedEvent::timestampNanos).max().orElseThrow();
        MinuteHistogram back = MinuteHistogram.decode(h.encode(), min, max);
        assertThat(back).isEqualTo(h);
        long first = Math.floorDiv(T0, MIN) * MIN;
        for (int step : new int[] {1, 5, 60}) {
            for (long from = first - MIN; from < first + 63 * MIN; from += step * MIN) {
                assertThat(back.exact(from, from + step * MIN)).isTrue();
                assertThat(back.countsIn(from, from + step * MIN)).isEqualTo(truth(events, from, from + step * MIN));
            }
        }
        assertThat(back.totals()).isEqualTo(truth(events, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    @Test
    void cellsEndOnMinutesSoEventsOnMinuteBoundariesNeverMakeAMinuteAlignedRangeInexact() {
        List<ArchivedEvent> events = new ArrayList<>(randomEvents(3_000, 90, 13));
        long first = Math.floorDiv(T0, MIN) * MIN;
        Random r = new Random(17);
        for (int i = 0; i < 300; i++) {
            events.add(event(first + (1 + r.nextInt(90)) * MIN, i % 2 == 0 ? "INFO" : "ERROR"));
        }
        long min = events.stream().mapToLong(ArchivedEvent::timestampNanos).min().orElseThrow();
        long max = events.stream().mapToLong(ArchivedEvent::timestampNanos).max().orElseThrow();
        MinuteHistogram h = MinuteHistogram.decode(MinuteHistogram.of(events).encode(), min, max);
        assertThat(h.endAligned()).isTrue();
        for (int step : new int[] {1, 5, 7, 60}) {
            for (long to = first - MIN; to < first + 93 * MIN; to += MIN) {
                assertThat(h.exact(to - step * MIN, to)).isTrue();
                assertThat(h.countsIn(to - step * MIN, to)).isEqualTo(truth(events, to - step * MIN, to));
            }
        }
        // an event exactly at a minute m lies in the cell (m - 1 min, m], which ends on it
        MinuteHistogram one = MinuteHistogram.of(List.of(event(first + 2 * MIN, "INFO"), event(first + 2 * MIN + 1, "WARN")));
        assertThat(one.countsIn(first + MIN, first + 2 * MIN)).isEqualTo(Map.of("INFO", 1L));
        assertThat(one.countsIn(first + 2 * MIN, first + 3 * MIN)).isEqualTo(Map.of("WARN", 1L));
        List<long[]> cells = new ArrayList<>();
        one.forEach((from, to, level, n) -> cells.add(new long[] {from, to, n}));
        assertThat(cells).containsExactly(new long[] {first + 2 * MIN, first + 2 * MIN, 1}, new long[] {first + 2 * MIN + 1, first + 2 * MIN + 1, 1});
    }

    @Test
    void versionOneRowsKeepTheirCellsFromTheMinuteOn() {
        long m = Math.floorDiv(T0, MIN) * MIN;
        // written before version 2: cell [m, m + 1 min) holds INFO x2 at m and m + 30 s
        byte[] v1 = {1, 1, 4, 'I', 'N', 'F', 'O', 1, 0, 1, 0, 2};
        MinuteHistogram h = MinuteHistogram.decode(v1, m, m + 30_000_000_000L);
        assertThat(h.endAligned()).isFalse();
        assertThat(h.totals()).isEqualTo(Map.of("INFO", 2L));
        assertThat(h.exact(m - MIN, m)).as("an edge at m may split the event at m from the rest").isFalse();
        assertThat(h.exact(m - 1, m + MIN)).isTrue();
        assertThat(h.countsIn(m - 1, m + MIN)).isEqualTo(Map.of("INFO", 2L));
        List<long[]> cells = new ArrayList<>();
        h.forEach((from, to, level, n) -> cells.add(new long[] {from, to, n}));
        assertThat(cells).containsExactly(new long[] {m, m + 30_000_000_000L, 2});
        assertThatThrownBy(h::encode).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void isSmallOnTheWire() {
        List<ArchivedEvent> events = randomEvents(20_000, 60, 3);
        // 60 minutes x 5 levels: a few bytes per cell
        assertThat(MinuteHistogram.of(events).encode().length).isLessThan(60 * 5 * 4 + 64);
    }

    @Test
    void aBoundInsideAMinuteWithEventsIsNotExactButOneInAnEmptyMinuteIs() {
        List<ArchivedEvent> events = List.of(event(T0, "INFO"), event(T0 + 5 * MIN, "ERROR"), event(T0 + 5 * MIN + 1, "ERROR"));
        MinuteHistogram h = MinuteHistogram.of(events);
        assertThat(h.exact(T0 + 1, T0 + 2 * MIN)).isFalse();
        assertThat(h.exact(T0 + 2 * MIN + 1, T0 + 3 * MIN + 7)).isTrue();
        assertThat(h.exact(T0 - 100 * MIN, T0 + 100 * MIN)).isTrue();
        assertThat(h.countsIn(T0 + 2 * MIN + 1, T0 + 100 * MIN)).isEqualTo(Map.of("ERROR", 2L));
    }

    @Test
    void foldsFreeFormLevelsPastThirtyTwo() {
        List<ArchivedEvent> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            for (int k = 0; k <= i; k++) {
                events.add(event(T0 + k, "L" + i));
            }
        }
        events.add(event(T0, "*"));
        MinuteHistogram h = MinuteHistogram.decode(MinuteHistogram.of(events).encode(), T0, T0 + 40);
        Map<String, Long> totals = h.totals();
        assertThat(totals).hasSize(33).containsEntry("L39", 40L).doesNotContainKey("L0");
        assertThat(totals.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(events.size());
        assertThat(totals.get(MinuteHistogram.OTHER_LEVELS)).isEqualTo(1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 1);
    }

    @Test
    void aCoarseHistogramIsExactOnlyForWholeChunksWhenItSpansMinutes() {
        MinuteHistogram oneMinute = MinuteHistogram.coarse(T0, T0 + 1_000, Map.of("INFO", 3L, "ERROR", 1L));
        assertThat(oneMinute.perMinute()).isTrue();
        long start = Math.floorDiv(T0, MIN) * MIN;
        assertThat(oneMinute.exact(start, start + MIN)).isTrue();
        assertThat(oneMinute.countsIn(start, start + MIN)).isEqualTo(Map.of("INFO", 3L, "ERROR", 1L));

        MinuteHistogram spanning = MinuteHistogram.coarse(T0, T0 + 10 * MIN, Map.of("INFO", 3L));
        assertThat(spanning.perMinute()).isFalse();
        assertThat(spanning.exact(start, start + MIN)).isFalse();
        assertThat(spanning.exact(start, start + 11 * MIN)).isTrue();
        assertThat(spanning.countsIn(start, start + 11 * MIN)).isEqualTo(Map.of("INFO", 3L));
        assertThatThrownBy(spanning::encode).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsCorruptBytes() {
        byte[] bytes = MinuteHistogram.of(randomEvents(100, 3, 1)).encode();
        assertThatThrownBy(() -> MinuteHistogram.decode(java.util.Arrays.copyOf(bytes, bytes.length - 1), T0, T0 + 3 * MIN))
                .isInstanceOf(ChunkCorruptException.class);
        byte[] wrongVersion = bytes.clone();
        wrongVersion[0] = 9;
        assertThatThrownBy(() -> MinuteHistogram.decode(wrongVersion, T0, T0 + 3 * MIN)).isInstanceOf(ChunkCorruptException.class);
    }
}
