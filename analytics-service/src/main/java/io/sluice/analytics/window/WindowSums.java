package io.sluice.analytics.window;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Running sums of window hashes as read from Redis, filtered by a {@link WindowQuery}: counts, bytes
 * and sparse histograms (bucket → count), which add and subtract exactly, so sliding windows are
 * computed by adding the 10-second window that enters and subtracting the one that leaves. Not
 * thread-safe.
 */
final class WindowSums {

    private static final Set<String> ERROR_LEVELS = Set.of("ERROR", "FATAL");

    long events;
    long bytes;
    long errors;
    final Map<String, Long> levels = new HashMap<>();
    final Map<String, Long> services = new HashMap<>();
    final Map<String, Map<Long, Long>> histograms = new HashMap<>();

    /**
     * Adds one hash field of a window ({@code c|b|h TAB service TAB level TAB template [TAB field TAB bucket]}) when its series
     * passes {@code query}'s filters; malformed fields are ignored.
     */
    void addField(String field, long value, WindowQuery query) {
        String[] parts = field.split("\t", -1);
        if (parts.length < 4 || !query.accepts(parts[1], parts[2], parts[3])) {
            return;
        }
        switch (parts[0]) {
            case "c" -> {
                events += value;
                levels.merge(parts[2], value, Long::sum);
                services.merge(parts[1], value, Long::sum);
                if (ERROR_LEVELS.contains(parts[2])) {
                    errors += value;
                }
            }
            case "b" -> bytes += value;
            case "h" -> {
                if (parts.length == 6) {
                    try {
                        histograms.computeIfAbsent(parts[4], f -> new HashMap<>()).merge(Long.parseLong(parts[5]), value, Long::sum);
                    } catch (NumberFormatException e) {
                        // not a bucket: ignored like any malformed field
                    }
                }
            }
            default -> {
                // unknown kind: ignored
            }
        }
    }

    /** Adds ({@code sign} 1) or subtracts ({@code sign} -1) {@code other}. */
    void add(WindowSums other, int sign) {
        events += sign * other.events;
        bytes += sign * other.bytes;
        errors += sign * other.errors;
        merge(levels, other.levels, sign);
        merge(services, other.services, sign);
        other.histograms.forEach((field, counts) -> merge(histograms.computeIfAbsent(field, f -> new HashMap<>()), counts, sign));
        histograms.values().removeIf(Map::isEmpty);
    }

    private static <K> void merge(Map<K, Long> into, Map<K, Long> from, int sign) {
        from.forEach((k, v) -> into.merge(k, sign * v, Long::sum));
        Iterator<Map.Entry<K, Long>> it = into.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue() == 0) {
                it.remove();
            }
        }
    }
}
