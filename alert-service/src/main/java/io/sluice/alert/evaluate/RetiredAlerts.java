package io.sluice.alert.evaluate;

import io.sluice.alert.route.AlertRouter;
import io.sluice.alert.rule.AlertRule;
import io.sluice.alert.rule.RuleChangeListener;
import io.sluice.alert.rule.RuleRepository;
import io.sluice.alert.rule.RuleState;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Resolves the alert of a FIRING rule whose identity goes away: when the rule is deleted, or
 * replaced with another tenant, name, severity or labels (the alert's labels). A replaced rule
 * goes back to OK in the same transaction, so its next evaluation fires afresh under the new
 * labels if the condition still holds. A replacement that keeps the labels changes nothing.
 */
public class RetiredAlerts implements RuleChangeListener {

    private static final Logger log = LoggerFactory.getLogger(RetiredAlerts.class);

    private final RuleRepository rules;
    private final AlertRouter router;
    private final TransactionalOperator tx;
    private final Clock clock;

    /** Resolves through {@code router}, moving states in {@code rules}, inside {@code tx}. */
    public RetiredAlerts(RuleRepository rules, AlertRouter router, TransactionalOperator tx, Clock clock) {
        this.rules = rules;
        this.router = router;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public Mono<Void> replaced(AlertRule before, AlertRule after) {
        Map<String, String> old = RuleAlerts.labels(before);
        if (before.state() != RuleState.FIRING || old.equals(RuleAlerts.labels(after))) {
            return Mono.empty();
        }
        long now = clock.millis();
        Mono<Boolean> resolved = rules.transition(before.id(), RuleState.FIRING, RuleState.OK, now)
                .filter(changed -> changed)
                .flatMap(changed -> router.resolve(before.tenant(), old, now));
        return tx.transactional(resolved).doOnNext(routed -> flushed(before, routed)).then();
    }

    @Override
    public Mono<Void> deleted(AlertRule before) {
        if (before.state() != RuleState.FIRING) {
            return Mono.empty();
        }
        long now = clock.millis();
        return router.resolve(before.tenant(), RuleAlerts.labels(before), now).doOnNext(routed -> flushed(before, routed)).then();
    }

    private void flushed(AlertRule rule, boolean routed) {
        log.info("alert of rule {} '{}' resolved: its definition changed or it was deleted", rule.id(), rule.name());
        if (routed) {
            router.flushSoon();
        }
    }
}
