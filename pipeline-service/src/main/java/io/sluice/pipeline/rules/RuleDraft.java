package io.sluice.pipeline.rules;

/**
 * A validated rule definition, ready to store or compile.
 *
 * @param name a label for people
 * @param position where the rule runs (lower first; ties by id); null = after every existing rule
 * @param enabled whether the rule is applied
 * @param match the LogQL selector with optional line filters choosing the events
 * @param action what the rule does
 * @param params the action's settings
 */
public record RuleDraft(String name, Integer position, boolean enabled, String match, RuleAction action, RuleParams params) {
}
