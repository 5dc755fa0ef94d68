package io.sluice.pipeline.parse;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One multiline rule ({@code sluice.pipeline.multiline.rules[n]}): for events whose labels match
 * {@code match}, a line that does not match {@code start}, or that matches {@code continuation},
 * is appended (after {@code "\n"}) to the previous event of the same (service, host) in the same
 * buffer entry.
 *
 * @param name shown in errors and logs
 * @param match LogQL stream selector over {@code service}, {@code host}, {@code level}
 * @param start regex (searched, so anchor it with {@code ^}) matching the first line of an event,
 *     e.g. {@code ^\d{4}-\d{2}-\d{2}} or {@code ^[^\s]}
 * @param continuation regex for lines that always continue the previous event even when they look
 *     like a start; default: indented lines, {@code Caused by:}, {@code ... 5 more},
 *     {@code ... 5 common frames omitted}
 */
public record MultilineRule(
        String name,
        @DefaultValue("{}") String match,
        String start,
        @DefaultValue(MultilineRule.DEFAULT_CONTINUATION) String continuation) {

    /** Java and Python stack-trace continuation lines. */
    public static final String DEFAULT_CONTINUATION = "^(?:\\s|Caused by:|Suppressed:|\\.\\.\\. \\d+ (?:more|common frames omitted))";

    public MultilineRule {
        name = name == null || name.isBlank() ? "multiline" : name;
        match = match == null ? "{}" : match;
        continuation = continuation == null ? DEFAULT_CONTINUATION : continuation;
    }
}
