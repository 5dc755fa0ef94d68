package io.sluice.alert.rule;

/**
 * Whether a rule's condition currently holds, as Prometheus' alert states. A firing is recorded on
 * the change to FIRING (from OK when the rule has no {@code for}, else from PENDING).
 */
public enum RuleState {
    /** The condition does not hold (or the rule is disabled). */
    OK,
    /** The condition holds but has not yet held for the rule's {@code for} duration. */
    PENDING,
    /** The condition holds (for at least {@code for}); it fired when it entered this state. */
    FIRING
}
