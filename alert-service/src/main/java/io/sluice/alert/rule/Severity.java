package io.sluice.alert.rule;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How urgent a rule's alert is; becomes the alert's {@code severity} label, so routes, silences and
 * inhibition rules can match on it. JSON and database form lower case.
 */
public enum Severity {
    /** Someone must act now. */
    CRITICAL,
    /** Needs attention soon (the default). */
    WARNING,
    /** For information. */
    INFO;

    /** The lower-case name used in JSON, labels and the database. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The severity written as {@code text} (any case), or null when there is none. */
    public static Severity fromWire(String text) {
        for (Severity s : values()) {
            if (s.wire().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return s;
            }
        }
        return null;
    }
}
