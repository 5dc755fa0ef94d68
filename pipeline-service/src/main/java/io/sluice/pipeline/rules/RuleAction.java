package io.sluice.pipeline.rules;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a pipeline rule does to the events its match selects; {@link #wireName()} is the API's and the table's spelling. */
public enum RuleAction {
    DROP, SAMPLE, MASK, ADD_FIELDS, RENAME_FIELD, ROUTE;

    /** The lower-case name used in the API and in {@code pipeline_rule.action}, e.g. {@code add_fields}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action called {@code name} (case-insensitive), or empty. */
    public static Optional<RuleAction> parse(String name) {
        return Arrays.stream(values()).filter(a -> a.wireName().equalsIgnoreCase(name.strip())).findFirst();
    }

    /** Every wire name, comma separated (for error messages). */
    public static String names() {
        return Arrays.stream(values()).map(RuleAction::wireName).collect(Collectors.joining(", "));
    }
}
