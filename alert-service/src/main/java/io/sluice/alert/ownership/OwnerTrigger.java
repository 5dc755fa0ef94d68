package io.sluice.alert.ownership;

import io.sluice.alert.intake.RuleTrigger;
import io.sluice.platform.redis.SluiceRedis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends "rule X has new matches" to whichever instance owns rule X. Findings may reach any
 * instance (analytics talks to one address); their counts are already shared through the match
 * buckets in Redis, so only the wake-up has to travel: evaluated here when this instance owns the
 * rule, else published on {@code {p}alert:evaluate}, where the owner's {@link EvaluateRequests}
 * picks it up. A lost message only delays the evaluation to the owner's next periodic tick.
 */
public class OwnerTrigger implements RuleTrigger {

    private static final Logger log = LoggerFactory.getLogger(OwnerTrigger.class);

    private final RuleOwnership ownership;
    private final RuleTrigger local;
    private final SluiceRedis redis;

    /** Evaluates owned rules through {@code local}, publishes the others through {@code redis}. */
    public OwnerTrigger(RuleOwnership ownership, RuleTrigger local, SluiceRedis redis) {
        this.ownership = ownership;
        this.local = local;
        this.redis = redis;
    }

    @Override
    public void evaluateSoon(long ruleId) {
        if (ownership.token(ruleId).isPresent()) {
            local.evaluateSoon(ruleId);
            return;
        }
        redis.strings().publish(channel(redis), Long.toString(ruleId)).subscribe(
                n -> { },
                e -> log.warn("cannot pass alert rule {} to its owner, it is evaluated on the owner's next tick: {}", ruleId, e.toString()));
    }

    /** The pub/sub channel of evaluation requests. */
    static String channel(SluiceRedis redis) {
        return redis.keys().key("alert:evaluate");
    }
}
