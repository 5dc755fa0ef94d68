package io.sluice.pipeline.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A rule definition with invalid fields; the API answers 400 with the per-field messages. */
public class RuleValidationException extends RuntimeException {

    private final Map<String, String> fields;

    /** Invalid {@code fields}: field name → what is wrong, in the order checked. */
    public RuleValidationException(Map<String, String> fields) {
        super("invalid pipeline rule: " + fields);
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Field name → what is wrong. */
    public Map<String, String> fields() {
        return fields;
    }
}
