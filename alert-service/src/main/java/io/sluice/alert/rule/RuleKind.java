package io.sluice.alert.rule;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a rule watches; decides how its condition is evaluated and what analytics must count for it.
 * JSON and database form lower case ({@code count}, {@code metric}, {@code absence}, {@code anomaly}).
 */
public enum RuleKind {
    /** More than {@code threshold} lines matching a log query within the window. */
    COUNT,
    /** A LogQL metric expression over one log query, compared with a number, answered from the match counts. */
    METRIC,
    /** No line matching a log query for the whole window (a service went silent). */
    ABSENCE,
    /** An anomaly finding of analytics matching the rule's filter, within the quiet period. */
    ANOMALY;

    /** The lower-case name used in JSON and in the database. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind written as {@code text} (any case), or null when there is none. */
    public static RuleKind fromWire(String text) {
        for (RuleKind k : values()) {
            if (k.wire().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return k;
            }
        }
        return null;
    }
}
