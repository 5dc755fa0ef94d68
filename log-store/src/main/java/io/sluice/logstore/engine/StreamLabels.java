package io.sluice.logstore.engine;

import io.sluice.common.query.LabelMatcher;
import io.sluice.logstore.model.ArchivedEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The labels every event has before any parser runs: {@code service}, {@code host}, {@code level}; empty values are left out, as Loki does. */
final class StreamLabels {

    private StreamLabels() {
    }

    static Map<String, String> of(ArchivedEvent e) {
        Map<String, String> labels = new LinkedHashMap<>(4);
        put(labels, "service", e.service());
        put(labels, "host", e.host());
        put(labels, "level", e.level());
        return labels;
    }

    static boolean matches(List<LabelMatcher> matchers, ArchivedEvent e) {
        for (LabelMatcher m : matchers) {
            String actual = switch (m.label()) {
                case "service" -> e.service();
                case "host" -> e.host();
                case "level" -> e.level();
                default -> "";
            };
            if (!m.matches(actual)) {
                return false;
            }
        }
        return true;
    }

    private static void put(Map<String, String> labels, String name, String value) {
        if (value != null && !value.isEmpty()) {
            labels.put(name, value);
        }
    }
}
