package io.sluice.logstore.engine;

import io.sluice.common.query.LabelMatcher;
import io.sluice.logstore.scan.ChunkRef;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Label sets of streams as the index rows tell them: a chunk's stream labels plus each level it holds. */
final class StreamSets {

    /** A total order of label sets (by their sorted entries), for de-duplicating and listing them. */
    static final Comparator<Map<String, String>> ORDER = Comparator.comparing(m -> new TreeMap<>(m).toString());

    private StreamSets() {
    }

    /** Adds the label sets of {@code chunk} that {@code matchers} select; refuses to grow past {@code max}. */
    static void addFromIndex(ChunkRef chunk, List<LabelMatcher> matchers, Set<Map<String, String>> sets, int max) {
        for (Map.Entry<String, Long> level : chunk.levelCounts().entrySet()) {
            if (level.getValue() <= 0) {
                continue;
            }
            Map<String, String> labels = of(chunk, level.getKey());
            if (matches(matchers, labels)) {
                sets.add(labels);
                if (sets.size() > max) {
                    throw new QueryLimitException("more than " + max + " distinct streams in the range"
                            + " (sluice.logstore.engine.max-series); narrow the selector or the time range");
                }
            }
        }
    }

    /** The labels of {@code chunk}'s events at {@code level}. */
    static Map<String, String> of(ChunkRef chunk, String level) {
        Map<String, String> labels = new LinkedHashMap<>();
        chunk.labels().forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                labels.put(k, v);
            }
        });
        if (level != null && !level.isEmpty()) {
            labels.put("level", level);
        }
        return labels;
    }

    static boolean matches(List<LabelMatcher> matchers, Map<String, String> labels) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(labels.getOrDefault(m.label(), ""))) {
                return false;
            }
        }
        return true;
    }
}
