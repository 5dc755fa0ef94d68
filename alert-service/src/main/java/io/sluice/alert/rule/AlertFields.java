package io.sluice.alert.rule;

import io.sluice.alert.route.DurationText;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks of what a rule adds to its alert — {@code for}, {@code severity}, {@code labels},
 * {@code annotations} — and of the anomaly filter, each reporting under its own field name. Pure.
 */
final class AlertFields {

    /** Labels every rule's alert carries already; a rule cannot set them. */
    static final Set<String> RESERVED_LABELS = Set.of("alertname", "rule_id", "tenant", "severity");

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final int MAX_ENTRIES = 32;
    private static final int MAX_LABEL_VALUE = 1000;
    private static final int MAX_FILTER_TEXT = 200;

    private AlertFields() {
    }

    static int forSeconds(String raw, Map<String, String> errors) {
        if (raw == null) {
            return 0;
        }
        try {
            Duration d = DurationText.parse(raw);
            if (d.toMillis() % 1000 != 0 || d.toSeconds() > RuleValidator.MAX_WINDOW_SECONDS) {
                errors.put("for", "must be whole seconds from 0s to 24h, e.g. 30s or 5m");
                return 0;
            }
            return (int) d.toSeconds();
        } catch (IllegalArgumentException e) {
            errors.put("for", e.getMessage());
            return 0;
        }
    }

    static Severity severity(String raw, Map<String, String> errors) {
        if (raw == null) {
            return Severity.WARNING;
        }
        Severity s = Severity.fromWire(raw);
        if (s == null) {
            errors.put("severity", "must be critical, warning or info");
        }
        return s;
    }

    static Map<String, String> labels(Map<String, String> raw, Map<String, String> errors) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        if (raw.size() > MAX_ENTRIES) {
            errors.put("labels", "at most " + MAX_ENTRIES + " labels");
            return out;
        }
        for (Map.Entry<String, String> e : raw.entrySet()) {
            String problem = nameProblem(e.getKey());
            if (problem == null && RESERVED_LABELS.contains(e.getKey())) {
                problem = "is set by Sluice (alertname, rule_id, tenant, severity); use another name";
            }
            if (problem == null && (e.getValue() == null || e.getValue().isEmpty() || e.getValue().length() > MAX_LABEL_VALUE)) {
                problem = "needs a value of 1 to " + MAX_LABEL_VALUE + " characters";
            }
            if (problem != null) {
                errors.put("labels." + e.getKey(), problem);
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    static Map<String, String> annotations(Map<String, String> raw, Map<String, String> errors) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        if (raw.size() > MAX_ENTRIES) {
            errors.put("annotations", "at most " + MAX_ENTRIES + " annotations");
            return out;
        }
        for (Map.Entry<String, String> e : raw.entrySet()) {
            String problem = nameProblem(e.getKey());
            if (problem == null) {
                problem = e.getValue() == null ? "needs a template (text)" : AnnotationTemplates.problem(e.getValue());
            }
            if (problem != null) {
                errors.put("annotations." + e.getKey(), problem);
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    static AnomalyFilter anomaly(AnomalyFilter raw, Map<String, String> errors) {
        if (raw == null) {
            return new AnomalyFilter(List.of(), null, null, null);
        }
        List<String> types = raw.types().stream().map(t -> t == null ? "" : t.trim().toUpperCase(Locale.ROOT)).distinct().toList();
        for (String t : types) {
            if (!AnomalyFilter.TYPES.contains(t)) {
                errors.put("anomaly.types", "'" + t + "' is not one of " + String.join(", ", AnomalyFilter.TYPES));
            }
        }
        return new AnomalyFilter(types, text("anomaly.service", raw.service(), errors), text("anomaly.series", raw.series(), errors),
                text("anomaly.templateId", raw.templateId(), errors));
    }

    private static String text(String field, String raw, Map<String, String> errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.trim().length() > MAX_FILTER_TEXT) {
            errors.put(field, "must be at most " + MAX_FILTER_TEXT + " characters");
        }
        return raw.trim();
    }

    private static String nameProblem(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.length() > 100) {
            return "is not a valid name: letters, digits and _, not starting with a digit (at most 100)";
        }
        return null;
    }
}
