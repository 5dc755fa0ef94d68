package io.sluice.alert.route;

import java.util.Map;

/** A routing configuration with invalid fields; the API answers 400 with the per-field messages. */
public class RouteValidationException extends RuntimeException {

    private final Map<String, String> fields;

    /** Invalid {@code fields}: path (e.g. {@code route.routes[1].groupWait}) → what is wrong. */
    public RouteValidationException(Map<String, String> fields) {
        super("invalid routing configuration: " + fields);
        this.fields = Map.copyOf(fields);
    }

    /** Path → what is wrong. */
    public Map<String, String> fields() {
        return fields;
    }
}
