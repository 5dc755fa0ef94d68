package io.sluice.alert.rule;

import java.util.Map;

/** A rule definition with invalid fields; the API answers 400 with the per-field messages. */
public class RuleValidationException extends RuntimeException {

    private final Map<String, String> fields;

    /** Invalid {@code fields}: field name → what is wrong, in the order checked. */
    public RuleValidationException(Map<String, String> fields) {
        super("invalid alert rule: " + fields);
        this.fields = Map.copyOf(fields);
    }

    /** Field name → what is wrong. */
    public Map<String, String> fields() {
        return fields;
    }
}
