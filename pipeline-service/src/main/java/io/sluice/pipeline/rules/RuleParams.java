package io.sluice.pipeline.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The settings of a rule's action; only those of its action are set, the rest are null (and left
 * out of JSON). Stored as JSON in {@code pipeline_rule.params}.
 *
 * @param keepOneIn sample: keep one event in this many
 * @param rate sample: fraction of events kept, {@code 0 < rate <= 1}
 * @param masks mask: built-in maskers ({@code email}, {@code token}, {@code card}, {@code ipv4})
 * @param pattern mask: a custom Java regular expression
 * @param replacement mask: what each match of {@code pattern} becomes ({@code $1} refers to a group)
 * @param fields add_fields: field name → static value
 * @param from rename_field: the field's current name
 * @param to rename_field: its new name
 * @param retentionClass route: the retention class the event is stored under
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleParams(
        Long keepOneIn,
        Double rate,
        List<String> masks,
        String pattern,
        String replacement,
        Map<String, String> fields,
        String from,
        String to,
        String retentionClass) {

    /** No settings (drop). */
    public static final RuleParams NONE = new RuleParams(null, null, null, null, null, null, null, null, null);
}
