package io.sluice.pipeline.rules;

import io.sluice.common.query.LogQuery;
import io.sluice.pipeline.stage.PipelineEvent;

/**
 * One rule ready to run: its parsed match and its action. Immutable and shared by every thread
 * that processes the tenant's events.
 *
 * @param id the stored rule's id ({@code 0} for a rule only being tried)
 * @param name the rule's name
 * @param match which events the rule applies to
 * @param effect what it does to one of them
 */
record CompiledRule(long id, String name, LogQuery match, Effect effect) {

    /** What a rule does to a selected event. */
    @FunctionalInterface
    interface Effect {

        /** Changes {@code event} in place; false when the event is to be dropped. */
        boolean apply(PipelineEvent event);
    }

    /** Whether this rule selects {@code event} as it is now (earlier rules may have changed it). */
    boolean matches(PipelineEvent event) {
        return match.matches(event.service(), event.host(), event.level(), event.message());
    }
}
