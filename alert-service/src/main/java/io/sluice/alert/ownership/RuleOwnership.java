package io.sluice.alert.ownership;

import java.util.OptionalLong;

/**
 * What evaluation needs from ownership: whether this instance may evaluate a rule now, and the
 * fencing token its state writes must carry. Exactly one instance of the cluster answers with a
 * token for a rule at a time (apart from a paused instance whose lease lapsed unnoticed — its
 * writes are then rejected by the token).
 */
public interface RuleOwnership {

    /** The fencing token under which this instance owns rule {@code ruleId} now, or empty when it does not. */
    OptionalLong token(long ruleId);
}
