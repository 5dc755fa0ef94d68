package io.sluice.alert.intake;

import io.sluice.common.proto.alert.v1.AnomalyFinding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An anomaly finding as kept for the {@code anomaly} rules it matched (JSON in Redis): what an
 * alert's annotations can show.
 *
 * @param type RATE_SPIKE, RATE_DROP, ERROR_RATIO_JUMP, NEW_TEMPLATE or TEMPLATE_SHIFT
 * @param service the series' service
 * @param series the series in words
 * @param windowStartMillis start of the window judged
 * @param windowMillis length of that window
 * @param expected what the baseline expected
 * @param actual what the window had
 * @param score surprise, -log10(p)
 * @param samples sample lines
 * @param explanation analytics' explanation in words
 */
public record RecordedAnomaly(String type, String service, String series, long windowStartMillis, long windowMillis, double expected,
        double actual, double score, List<String> samples, String explanation) {

    public RecordedAnomaly {
        samples = samples == null ? List.of() : List.copyOf(samples);
    }

    /** The finding {@code f} as recorded. */
    public static RecordedAnomaly of(AnomalyFinding f) {
        return new RecordedAnomaly(f.getType(), f.getService(), f.getSeries(), f.getWindowStartMillis(), f.getWindowMillis(), f.getExpected(),
                f.getActual(), f.getScore(), f.getSamplesList(), f.getExplanation());
    }

    /** The values annotation templates see ({@code type}, {@code explanation}, {@code samples}, …). */
    public Map<String, Object> model() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("service", service);
        m.put("series", series);
        m.put("windowStart", windowStartMillis);
        m.put("windowMillis", windowMillis);
        m.put("expected", expected);
        m.put("actual", actual);
        m.put("score", score);
        m.put("samples", samples);
        m.put("explanation", explanation);
        return m;
    }
}
