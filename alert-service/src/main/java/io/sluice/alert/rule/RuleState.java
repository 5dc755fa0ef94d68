package io.sluice.alert.rule;

/** Whether a rule's condition currently holds. A firing is recorded on the change OK → FIRING. */
public enum RuleState {
    /** The condition does not hold (or the rule is disabled). */
    OK,
    /** The condition holds; it fired when it entered this state. */
    FIRING
}
