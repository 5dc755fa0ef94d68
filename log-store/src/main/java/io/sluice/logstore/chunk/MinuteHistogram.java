package io.sluice.logstore.chunk;

import io.sluice.logstore.model.ArchivedEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Events per (minute, level) of one chunk, kept in the chunk's index row ({@code log_chunk.histogram})
 * so that a chunk may span many minutes while 1-minute-step counts by level stay exact from index
 * rows alone. Immutable; pure.
 *
 * <p>Cells are {@code (m - 1 min, m]} (cell = {@code ceil(ts / 1 min)}), like LogQL's range windows
 * {@code (t - range, t]}: a minute-aligned window edge never cuts a cell, even one holding an event
 * exactly on a minute boundary. Ranges ({@link #countsIn}, {@link #exact}) are {@code (from, to]}.
 *
 * <pre>
 * version(1 byte: 2 = cells (m - 1 min, m]; 1 = cells [m, m + 1 min), still read)
 * varint(levels) level strings (varint length + UTF-8)
 * varint(minutes) then per minute, ascending:
 *     varint(minute - previous minute; the first relative to the chunk's first minute)
 *     varint(cells) then per cell: varint(level index) varint(count)
 * </pre>
 * The chunk's first minute is {@code ceil(min_ts / 1 min)} (version 1: {@code floor}), so it is
 * not stored. Levels past {@value #MAX_LEVELS} distinct ones (free-form levels) are summed under
 * {@link #OTHER_LEVELS}. Rows written before the histogram existed get a {@link #coarse coarse}
 * histogram from their level counts: one bucket covering the chunk's whole time range.
 */
public final class MinuteHistogram {

    /** Nanoseconds in one bucket. */
    public static final long NANOS_PER_MINUTE = 60_000_000_000L;
    /** Level name of levels folded away (more than {@value #MAX_LEVELS} distinct levels in a chunk). */
    public static final String OTHER_LEVELS = "*";

    /** Cells {@code (m - 1 min, m]}: what {@link #of} builds and {@link #encode} writes. */
    private static final int VERSION = 2;
    /** Cells {@code [m, m + 1 min)}: rows written before version 2, still decoded as they are. */
    private static final int VERSION_START_ALIGNED = 1;
    private static final int MAX_LEVELS = 32;
    private static final int MAX_CELLS = 10_000_000;

    private final long minTsNanos;
    private final long maxTsNanos;
    private final boolean perMinute;
    private final boolean endAligned;
    private final long[] minutes;
    private final String[] levels;
    private final long[] counts;

    private MinuteHistogram(long minTsNanos, long maxTsNanos, boolean perMinute, boolean endAligned, long[] minutes, String[] levels,
            long[] counts) {
        this.minTsNanos = minTsNanos;
        this.maxTsNanos = maxTsNanos;
        this.perMinute = perMinute;
        this.endAligned = endAligned;
        this.minutes = minutes;
        this.levels = levels;
        this.counts = counts;
    }

    /**
     * The histogram of {@code events} (any order, at least one). Events in time order (as chunks
     * hold them) are counted in one pass over their minutes with a small array per minute; any
     * other order goes through sorted maps. Both give the same cells.
     */
    public static MinuteHistogram of(List<ArchivedEvent> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a histogram covers at least one event");
        }
        int n = events.size();
        FirstSeen.Strings names = new FirstSeen.Strings();
        int[] nameOf = new int[n];
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        boolean ordered = true;
        for (int i = 0; i < n; i++) {
            ArchivedEvent e = events.get(i);
            nameOf[i] = names.add(levelName(e.level()));
            long ts = e.timestampNanos();
            ordered &= ts >= max;
            min = Math.min(min, ts);
            max = Math.max(max, ts);
        }
        Map<String, Long> totals = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            totals.put(names.value(i), names.count(i));
        }
        Map<String, String> fold = foldRareLevels(totals);
        if (!ordered) {
            return byMaps(events, fold, min, max);
        }
        String[] folded = new TreeMap<>(fold).values().stream().distinct().sorted().toArray(String[]::new);
        int[] rank = new int[names.size()];
        for (int i = 0; i < rank.length; i++) {
            rank[i] = Arrays.binarySearch(folded, fold.get(names.value(i)));
        }
        long[] run = new long[folded.length];
        List<long[]> cells = new ArrayList<>();
        long cell = cellOf(events.get(0).timestampNanos(), true);
        for (int i = 0; i <= n; i++) {
            long c = i < n ? cellOf(events.get(i).timestampNanos(), true) : Long.MAX_VALUE;
            if (c != cell) {
                for (int l = 0; l < run.length; l++) {
                    if (run[l] > 0) {
                        cells.add(new long[] {cell, l, run[l]});
                        run[l] = 0;
                    }
                }
                cell = c;
            }
            if (i < n) {
                run[rank[nameOf[i]]]++;
            }
        }
        long[] minutes = new long[cells.size()];
        String[] levels = new String[cells.size()];
        long[] counts = new long[cells.size()];
        for (int i = 0; i < minutes.length; i++) {
            long[] c = cells.get(i);
            minutes[i] = c[0];
            levels[i] = folded[(int) c[1]];
            counts[i] = c[2];
        }
        return new MinuteHistogram(min, max, true, true, minutes, levels, counts);
    }

    private static MinuteHistogram byMaps(List<ArchivedEvent> events, Map<String, String> fold, long min, long max) {
        TreeMap<Long, TreeMap<String, Long>> cells = new TreeMap<>();
        for (ArchivedEvent e : events) {
            String level = fold.get(levelName(e.level()));
            cells.computeIfAbsent(cellOf(e.timestampNanos(), true), m -> new TreeMap<>()).merge(level, 1L, Long::sum);
        }
        int n = cells.values().stream().mapToInt(Map::size).sum();
        long[] minutes = new long[n];
        String[] levels = new String[n];
        long[] counts = new long[n];
        int i = 0;
        for (Map.Entry<Long, TreeMap<String, Long>> m : cells.entrySet()) {
            for (Map.Entry<String, Long> c : m.getValue().entrySet()) {
                minutes[i] = m.getKey();
                levels[i] = c.getKey();
                counts[i++] = c.getValue();
            }
        }
        return new MinuteHistogram(min, max, true, true, minutes, levels, counts);
    }

    /**
     * The histogram of an index row written before histograms existed: all of {@code levelCounts}
     * in one bucket covering {@code [minTsNanos, maxTsNanos]}. Per-minute (exact) when the chunk
     * lies within one minute, as chunks cut by a 1-minute slice do.
     */
    public static MinuteHistogram coarse(long minTsNanos, long maxTsNanos, Map<String, Long> levelCounts) {
        List<Map.Entry<String, Long>> entries = levelCounts.entrySet().stream()
                .filter(e -> e.getValue() > 0).sorted(Map.Entry.comparingByKey()).toList();
        long minute = Math.floorDiv(minTsNanos, NANOS_PER_MINUTE);
        long[] minutes = new long[entries.size()];
        Arrays.fill(minutes, minute);
        return new MinuteHistogram(minTsNanos, maxTsNanos, minute == Math.floorDiv(maxTsNanos, NANOS_PER_MINUTE), false, minutes,
                entries.stream().map(Map.Entry::getKey).toArray(String[]::new),
                entries.stream().mapToLong(Map.Entry::getValue).toArray());
    }

    /** The histogram {@link #encode()} wrote for a chunk whose earliest event is at {@code minTsNanos}. */
    public static MinuteHistogram decode(byte[] bytes, long minTsNanos, long maxTsNanos) {
        Reader in = new Reader(bytes, 0, bytes.length);
        int version = in.get();
        if (version != VERSION && version != VERSION_START_ALIGNED) {
            throw new ChunkCorruptException("unknown histogram version " + version);
        }
        boolean endAligned = version == VERSION;
        String[] dictionary = new String[in.varInt(MAX_LEVELS + 1)];
        for (int i = 0; i < dictionary.length; i++) {
            dictionary[i] = in.string();
        }
        int minuteCount = in.varInt(MAX_CELLS);
        List<long[]> cells = new ArrayList<>();
        long minute = cellOf(minTsNanos, endAligned);
        for (int m = 0; m < minuteCount; m++) {
            minute += in.varLong();
            int k = in.varInt(dictionary.length);
            for (int c = 0; c < k; c++) {
                cells.add(new long[] {minute, in.varInt(dictionary.length - 1), in.varLong()});
            }
        }
        if (!in.atEnd()) {
            throw new ChunkCorruptException("histogram has trailing bytes");
        }
        long[] minutes = new long[cells.size()];
        String[] levels = new String[cells.size()];
        long[] counts = new long[cells.size()];
        for (int i = 0; i < cells.size(); i++) {
            minutes[i] = cells.get(i)[0];
            levels[i] = dictionary[(int) cells.get(i)[1]];
            counts[i] = cells.get(i)[2];
        }
        return new MinuteHistogram(minTsNanos, maxTsNanos, true, endAligned, minutes, levels, counts);
    }

    /** The stored form (see the class comment); only for per-minute histograms of the current version. */
    public byte[] encode() {
        if (!perMinute || !endAligned) {
            throw new IllegalStateException("only histograms built by of() are stored");
        }
        Map<String, Integer> dictionary = new LinkedHashMap<>();
        for (String level : levels) {
            dictionary.putIfAbsent(level, dictionary.size());
        }
        Bytes out = new Bytes(16 + counts.length * 4);
        out.put(VERSION);
        out.putVarLong(dictionary.size());
        dictionary.keySet().forEach(out::putString);
        int distinctMinutes = 0;
        for (int i = 0; i < minutes.length; i++) {
            distinctMinutes += i == 0 || minutes[i] != minutes[i - 1] ? 1 : 0;
        }
        out.putVarLong(distinctMinutes);
        long previous = cellOf(minTsNanos, true);
        for (int i = 0; i < minutes.length; ) {
            int end = i;
            while (end < minutes.length && minutes[end] == minutes[i]) {
                end++;
            }
            out.putVarLong(minutes[i] - previous);
            previous = minutes[i];
            out.putVarLong(end - i);
            for (int c = i; c < end; c++) {
                out.putVarLong(dictionary.get(levels[c]));
                out.putVarLong(counts[c]);
            }
            i = end;
        }
        return Arrays.copyOf(out.array(), out.size());
    }

    /**
     * Events by level in the cells whose latest possible event lies within {@code (fromNanos, toNanos]}.
     * Exact when {@link #exact} says so for the same range (for example minute-aligned bounds).
     */
    public Map<String, Long> countsIn(long fromNanos, long toNanos) {
        Map<String, Long> out = new TreeMap<>();
        for (int i = 0; i < counts.length; i++) {
            long last = cellLast(minutes[i]);
            if (last > fromNanos && last <= toNanos) {
                out.merge(levels[i], counts[i], Long::sum);
            }
        }
        return out;
    }

    /**
     * Whether {@link #countsIn} is exact for {@code (fromNanos, toNanos]}: no bound cuts a cell
     * holding events, i.e. lies at or after its earliest possible event and before its latest (a
     * bound on a minute boundary, in an empty minute, or outside the chunk's time range never does;
     * for version-1 rows a minute boundary cuts a non-empty cell that may hold an event on it).
     * Coarse histograms are exact only when the range holds the whole chunk or none of it.
     */
    public boolean exact(long fromNanos, long toNanos) {
        return cutsNothing(fromNanos) && cutsNothing(toNanos);
    }

    private boolean cutsNothing(long bound) {
        if (bound < minTsNanos || bound >= maxTsNanos) {
            return true;
        }
        if (!perMinute) {
            return false;
        }
        long cell = cellOf(bound, endAligned);
        return Arrays.binarySearch(minutes, cell) < 0 || bound < cellFirst(cell) || bound >= cellLast(cell);
    }

    /** The cell holding {@code tsNanos}: {@code ceil(ts / 1 min)} for cells {@code (m - 1 min, m]}, else {@code floor}. */
    private static long cellOf(long tsNanos, boolean endAligned) {
        return endAligned ? -Math.floorDiv(-tsNanos, NANOS_PER_MINUTE) : Math.floorDiv(tsNanos, NANOS_PER_MINUTE);
    }

    /** The earliest time an event of {@code cell} can have: its first nanosecond, but not before the chunk's first event. */
    private long cellFirst(long cell) {
        if (!perMinute) {
            return minTsNanos;
        }
        return Math.max(minTsNanos, endAligned ? (cell - 1) * NANOS_PER_MINUTE + 1 : cell * NANOS_PER_MINUTE);
    }

    /** The latest time an event of {@code cell} can have: its last nanosecond, but not after the chunk's last event. */
    private long cellLast(long cell) {
        if (!perMinute) {
            return maxTsNanos;
        }
        return Math.min(maxTsNanos, endAligned ? cell * NANOS_PER_MINUTE : cell * NANOS_PER_MINUTE + NANOS_PER_MINUTE - 1);
    }

    /** Whether buckets are single minutes (always, except for {@link #coarse} rows spanning minutes). */
    public boolean perMinute() {
        return perMinute;
    }

    /** Events by level over the whole chunk. */
    public Map<String, Long> totals() {
        return countsIn(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** Whether cells are {@code (m - 1 min, m]} (version 2); version-1 rows and coarse histograms have {@code [m, m + 1 min)}. */
    public boolean endAligned() {
        return endAligned;
    }

    /**
     * Each non-empty (cell, level), cells ascending: the earliest and latest time an event of the
     * cell can have (its minute's bounds clamped to the chunk's time range; the whole range for a
     * coarse histogram), the level and its count.
     */
    public void forEach(CellConsumer consumer) {
        for (int i = 0; i < counts.length; i++) {
            consumer.accept(cellFirst(minutes[i]), cellLast(minutes[i]), levels[i], counts[i]);
        }
    }

    /** Receives the cells of {@link #forEach}. */
    @FunctionalInterface
    public interface CellConsumer {

        /** One cell: {@code count} events of {@code level}, all at times within {@code [firstNanos, lastNanos]}. */
        void accept(long firstNanos, long lastNanos, String level, long count);
    }

    private static String levelName(String level) {
        return OTHER_LEVELS.equals(level) ? "_" : level;
    }

    private static Map<String, String> foldRareLevels(Map<String, Long> totals) {
        Map<String, String> out = new HashMap<>();
        List<String> byCount = totals.keySet().stream()
                .sorted(Comparator.<String>comparingLong(totals::get).reversed().thenComparing(Comparator.naturalOrder())).toList();
        for (int i = 0; i < byCount.size(); i++) {
            out.put(byCount.get(i), i < MAX_LEVELS ? byCount.get(i) : OTHER_LEVELS);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MinuteHistogram h && perMinute == h.perMinute && endAligned == h.endAligned && minTsNanos == h.minTsNanos
                && maxTsNanos == h.maxTsNanos && Arrays.equals(minutes, h.minutes) && Arrays.equals(levels, h.levels) && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts) * 31 + Long.hashCode(minTsNanos);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("MinuteHistogram[");
        forEach((first, last, level, count) -> s.append(first).append("..").append(last).append('/').append(level).append('=').append(count).append(' '));
        return s.append(']').toString();
    }
}
