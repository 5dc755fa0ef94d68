package io.sluice.alert.channel;

import java.util.Map;

/** A channel definition with invalid fields; the API answers 400 with the per-field messages. */
public class ChannelValidationException extends RuntimeException {

    private final Map<String, String> fields;

    /** Invalid {@code fields}: field name → what is wrong, in the order checked. */
    public ChannelValidationException(Map<String, String> fields) {
        super("invalid channel: " + fields);
        this.fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    /** Field name → what is wrong. */
    public Map<String, String> fields() {
        return fields;
    }
}
