package io.sluice.pipeline.rules;

import io.sluice.pipeline.stage.PipelineEvent;
import java.util.List;

/**
 * One tenant's enabled rules, compiled, at one version of its rule set: the immutable snapshot the
 * {@link RulesStage} applies. Replaced as a whole on reload, never changed.
 *
 * @param version the rule set's version in {@code pipeline_rule_set} ({@code 0}: never had rules)
 * @param rules the enabled rules in (position, id) order
 */
record TenantRules(long version, List<CompiledRule> rules) {

    /** A tenant without rules. */
    static final TenantRules NONE = new TenantRules(0, List.of());

    TenantRules {
        rules = List.copyOf(rules);
    }

    /** Applies every matching rule in order; false when the event is dropped. */
    boolean apply(PipelineEvent event) {
        return RuleCompiler.applyAll(rules, event, null);
    }
}
