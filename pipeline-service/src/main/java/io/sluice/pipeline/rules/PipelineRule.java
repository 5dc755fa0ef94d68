package io.sluice.pipeline.rules;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A stored pipeline rule of one tenant, as the API returns it (the action settings appear as
 * top-level fields next to {@code action}).
 *
 * @param id the rule's id
 * @param name a label for people
 * @param position order within the tenant's rules (lower first; ties by id)
 * @param enabled whether the rule is applied
 * @param match the LogQL selector (and optional line filters) choosing the events
 * @param action the action's wire name ({@link RuleAction#wireName()})
 * @param params the action's settings
 */
public record PipelineRule(long id, String name, int position, boolean enabled, String match, String action,
        @JsonUnwrapped RuleParams params) {
}
