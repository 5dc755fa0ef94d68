package io.sluice.alert.ownership;

import io.lettuce.core.RedisClient;
import io.sluice.alert.intake.RuleTrigger;
import io.sluice.platform.redis.ChannelSubscription;

/**
 * Receives the evaluation requests other instances publish for rules they do not own
 * ({@link OwnerTrigger}) and evaluates those this instance owns. Requests missed while
 * unsubscribed need no catching up: the periodic evaluation covers them.
 */
public class EvaluateRequests extends ChannelSubscription {

    private final RuleOwnership ownership;
    private final RuleTrigger local;

    /** Listens on {@code channel} with {@code client}; evaluates owned rules through {@code local}. */
    public EvaluateRequests(RedisClient client, String channel, RuleOwnership ownership, RuleTrigger local) {
        super(client, channel);
        this.ownership = ownership;
        this.local = local;
    }

    @Override
    protected void received(String message) {
        long ruleId;
        try {
            ruleId = Long.parseLong(message);
        } catch (NumberFormatException e) {
            return;
        }
        if (ownership.token(ruleId).isPresent()) {
            local.evaluateSoon(ruleId);
        }
    }

    @Override
    protected void catchUp() {
        // The owner's periodic evaluation looks at every rule within one evaluation interval.
    }
}
