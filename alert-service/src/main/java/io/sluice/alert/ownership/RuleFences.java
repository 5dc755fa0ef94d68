package io.sluice.alert.ownership;

import java.util.Collection;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The MySQL side of fencing: before a new owner evaluates the rules of the slots it took, it
 * raises their {@code alert_rule.fence_token} to its token, so that every later state write of a
 * previous owner (whose token is older) is rejected by the conditional UPDATE in
 * {@code RuleRepository.transition}.
 */
class RuleFences {

    private final DatabaseClient db;

    /** Writes through {@code db}. */
    RuleFences(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Raises the fence of every rule in {@code slots} (of {@code slotCount}) to {@code token}.
     *
     * @return the highest fence of those rules afterwards: above {@code token} only when Redis'
     *     counter went backwards (Redis lost its data), and then the token must not be used
     */
    Mono<Long> raise(Collection<Integer> slots, int slotCount, long token) {
        return db.sql("UPDATE alert_rule SET fence_token = :token WHERE fence_token < :token AND " + RuleSlots.SQL + " IN (:list)")
                .bind("token", token).bind("slots", slotCount).bind("list", slots)
                .fetch().rowsUpdated()
                .then(db.sql("SELECT COALESCE(MAX(fence_token), 0) AS m FROM alert_rule WHERE " + RuleSlots.SQL + " IN (:list)")
                        .bind("slots", slotCount).bind("list", slots)
                        .map(r -> ((Number) r.get("m")).longValue())
                        .one());
    }
}
