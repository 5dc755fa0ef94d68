package io.sluice.alert.intake;

/** What intake needs from evaluation: "these rules have new matches, look at them soon". */
public interface RuleTrigger {

    /** Requests an evaluation of rule {@code ruleId}; returns at once. */
    void evaluateSoon(long ruleId);
}
