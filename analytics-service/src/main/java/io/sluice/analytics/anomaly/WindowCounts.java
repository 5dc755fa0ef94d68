package io.sluice.analytics.anomaly;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one tenant logged in one window, as the detectors need it: lines per service and level,
 * lines per service and template, the templates' texts and a few sample lines per series.
 *
 * @param windowStart epoch milliseconds of the window start
 * @param levels service → level → lines
 * @param templates service → template id → lines
 * @param templateTexts template id → template text (for the templates of this window)
 * @param samples series key (see {@link Series}) → up to a few lines
 * @param merged service → template id → the id the miner merged it into during the window (its
 *     lines now count under the latter; the former's series ends without that being a drop)
 */
public record WindowCounts(long windowStart, Map<String, Map<String, Long>> levels, Map<String, Map<Long, Long>> templates,
        Map<Long, String> templateTexts, Map<String, List<String>> samples, Map<String, Map<Long, Long>> merged) {

    /** An empty window (nothing logged). */
    public static WindowCounts empty(long windowStart) {
        return new WindowCounts(windowStart, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
    }

    /** Lines of {@code service} in the window. */
    long linesOf(String service) {
        return levels.getOrDefault(service, Map.of()).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Collects one window's lines; not thread-safe. */
    public static final class Builder {

        private final long windowStart;
        private final int maxSamples;
        private final Map<String, Map<String, Long>> levels = new HashMap<>();
        private final Map<String, Map<Long, Long>> templates = new HashMap<>();
        private final Map<Long, String> texts = new HashMap<>();
        private final Map<String, List<String>> samples = new HashMap<>();
        private final Map<String, Map<Long, Long>> merged = new HashMap<>();

        /** A window starting at {@code windowStart} keeping up to {@code maxSamples} lines per series. */
        public Builder(long windowStart, int maxSamples) {
            this.windowStart = windowStart;
            this.maxSamples = maxSamples;
        }

        /** Adds one line; {@code templateId} and {@code templateText} come from the template miner. */
        public Builder add(String service, String level, long templateId, String templateText, String line) {
            addCounts(service, level, templateId, templateText, 1);
            sample(Series.rate(service, level), line);
            sample(Series.rate(service, Series.ALL_LEVELS), line);
            sample(Series.template(service, templateId), line);
            return this;
        }

        /** Adds {@code n} lines without samples (e.g. counts read back from Redis). */
        public Builder addCounts(String service, String level, long templateId, String templateText, long n) {
            if (level != null) {
                levels.computeIfAbsent(service, s -> new HashMap<>()).merge(level, n, Long::sum);
            }
            if (templateId != 0) {
                templates.computeIfAbsent(service, s -> new HashMap<>()).merge(templateId, n, Long::sum);
                if (templateText != null) {
                    texts.putIfAbsent(templateId, templateText);
                }
            }
            return this;
        }

        /** Keeps {@code line} as a sample of {@code seriesKey} while there is room. */
        public Builder sample(String seriesKey, String line) {
            List<String> kept = samples.computeIfAbsent(seriesKey, k -> new ArrayList<>());
            if (kept.size() < maxSamples) {
                kept.add(line);
            }
            return this;
        }

        /** Records that the miner of {@code service} merged template {@code from} into {@code into}. */
        public Builder merged(String service, long from, long into) {
            merged.computeIfAbsent(service, s -> new HashMap<>()).put(from, into);
            return this;
        }

        public WindowCounts build() {
            return new WindowCounts(windowStart, levels, templates, texts, samples, merged);
        }
    }
}
