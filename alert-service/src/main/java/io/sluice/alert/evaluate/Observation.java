package io.sluice.alert.evaluate;

import java.util.Map;

/**
 * What one evaluation of a rule's condition saw.
 *
 * @param holds whether the condition holds now
 * @param value the observed value (count, metric value, 0 for an absence, anomaly score)
 * @param details extra values for annotation templates (an anomaly's explanation, samples, …)
 */
record Observation(boolean holds, double value, Map<String, Object> details) {

    static final Observation NONE = new Observation(false, 0, Map.of());

    Observation {
        details = Map.copyOf(details);
    }
}
