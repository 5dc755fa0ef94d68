package io.sluice.analytics.anomaly;

import java.util.List;

/**
 * One finding, explained: which series, in which window, what was expected and what happened,
 * how surprising that is, and a few of the lines behind it.
 *
 * @param tenant tenant of the series
 * @param type what kind of anomaly
 * @param service service the series belongs to
 * @param series the series in words, e.g. {@code service=api level=ERROR} or {@code service=api template=42}
 * @param windowStart epoch milliseconds of the start of the window judged
 * @param windowMillis width of that window
 * @param expected what the baseline expected (lines, or an error share for {@link AnomalyType#ERROR_RATIO_JUMP})
 * @param actual what the window had, in the same unit
 * @param score surprise as {@code -log10(p)} of the observation under the baseline (higher is more surprising)
 * @param samples a few lines of the series from that window (empty for a silence)
 * @param explanation one sentence an operator can read
 */
public record Anomaly(String tenant, AnomalyType type, String service, String series, long windowStart, long windowMillis,
        double expected, double actual, double score, List<String> samples, String explanation) {

    public Anomaly {
        samples = List.copyOf(samples);
    }
}
