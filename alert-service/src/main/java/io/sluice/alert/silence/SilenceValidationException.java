package io.sluice.alert.silence;

import java.util.Map;

/** A silence with invalid fields; the API answers 400 with the per-field messages. */
public class SilenceValidationException extends RuntimeException {

    private final Map<String, String> fields;

    /** Invalid {@code fields}: field → what is wrong. */
    public SilenceValidationException(Map<String, String> fields) {
        super("invalid silence: " + fields);
        this.fields = Map.copyOf(fields);
    }

    /** Field → what is wrong. */
    public Map<String, String> fields() {
        return fields;
    }
}
