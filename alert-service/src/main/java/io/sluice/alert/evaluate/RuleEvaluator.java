package io.sluice.alert.evaluate;

import io.sluice.alert.firing.AlertFiring;
import io.sluice.alert.firing.FiringRepository;
import io.sluice.alert.firing.NotifyStatus;
import io.sluice.alert.notify.WebhookNotifier;
import io.sluice.alert.ownership.RuleOwnership;
import io.sluice.alert.route.Alert;
import io.sluice.alert.route.AlertRouter;
import io.sluice.alert.rule.AlertRule;
import io.sluice.alert.rule.RuleRepository;
import io.sluice.alert.rule.RuleState;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Evaluates one rule: observes its condition now ({@link RuleConditions}); when it holds, an OK
 * rule fires (or, with a {@code for} duration, becomes PENDING, and fires once the condition has
 * held for {@code for}); when it does not, a PENDING rule returns to OK and a FIRING rule
 * resolves. Firing is the conditional update OK/PENDING → FIRING and the insert of the firing row
 * in one transaction, so among concurrent
 * evaluations (in this instance or others) exactly one records the firing and notifies. When the
 * rule's tenant has a routing configuration, the same transaction hands the alert (and later its
 * resolution) to the {@link AlertRouter}, which notifies through the routing tree instead of the
 * rule's own webhook. Only the instance that owns the rule ({@link RuleOwnership}) evaluates it,
 * and its state writes carry its fencing token, which MySQL checks against the rule's.
 */
public class RuleEvaluator {

    private static final Logger log = LoggerFactory.getLogger(RuleEvaluator.class);

    private final RuleRepository rules;
    private final FiringRepository firings;
    private final RuleConditions conditions;
    private final WebhookNotifier notifier;
    private final AlertRouter router;
    private final TransactionalOperator tx;
    private final Clock clock;
    private final RuleOwnership ownership;

    /**
     * @param rules the rules
     * @param firings where firings are recorded
     * @param conditions observes the rules' conditions
     * @param notifier sends the webhook of a new firing when the tenant does not route alerts
     * @param router where firings and resolutions go when the tenant routes alerts
     * @param tx transactions over the database that holds rules and firings
     * @param clock what "now" is
     * @param ownership which rules this instance evaluates, and under which fencing token
     */
    public RuleEvaluator(RuleRepository rules, FiringRepository firings, RuleConditions conditions, WebhookNotifier notifier,
            AlertRouter router, TransactionalOperator tx, Clock clock, RuleOwnership ownership) {
        this.rules = rules;
        this.firings = firings;
        this.conditions = conditions;
        this.notifier = notifier;
        this.router = router;
        this.tx = tx;
        this.clock = clock;
        this.ownership = ownership;
    }

    /** Evaluates rule {@code ruleId} (nothing when it no longer exists). */
    public Mono<Void> evaluate(long ruleId) {
        OptionalLong token = ownership.token(ruleId);
        if (token.isEmpty()) {
            return Mono.empty();
        }
        return rules.findById(ruleId).flatMap(rule -> evaluate(rule, token.getAsLong()));
    }

    private Mono<Void> evaluate(AlertRule rule, long token) {
        long now = clock.millis();
        if (!rule.enabled()) {
            return settle(rule, now, token);
        }
        return conditions.observe(rule, now).flatMap(seen -> seen.holds() ? hold(rule, seen, now, token) : settle(rule, now, token));
    }

    /** The condition holds: OK fires (no {@code for}) or becomes PENDING; PENDING fires once it has held for {@code for}. */
    private Mono<Void> hold(AlertRule rule, Observation seen, long now, long token) {
        long forMillis = rule.forMillis();
        return switch (rule.state()) {
            case OK -> forMillis == 0 ? fire(rule, RuleState.OK, seen, now, token)
                    : rules.transition(rule.id(), RuleState.OK, RuleState.PENDING, now, token).then();
            case PENDING -> now - rule.stateChangedAt() >= forMillis ? fire(rule, RuleState.PENDING, seen, now, token) : Mono.empty();
            case FIRING -> Mono.empty();
        };
    }

    /** The condition does not hold (or the rule is disabled): PENDING returns to OK, FIRING resolves. */
    private Mono<Void> settle(AlertRule rule, long now, long token) {
        return switch (rule.state()) {
            case OK -> Mono.empty();
            case PENDING -> rules.transition(rule.id(), RuleState.PENDING, RuleState.OK, now, token).then();
            case FIRING -> resolve(rule, now, token);
        };
    }

    private Mono<Void> fire(AlertRule rule, RuleState from, Observation seen, long now, long token) {
        AtomicReference<AlertFiring> fired = new AtomicReference<>();
        AtomicBoolean routed = new AtomicBoolean();
        Alert alert = RuleAlerts.firing(rule, seen, now);
        Mono<AlertFiring> recorded = rules.transition(rule.id(), from, RuleState.FIRING, now, token)
                .filter(changed -> changed)
                .flatMap(changed -> firings.insert(rule, seen.value(), now, token))
                .flatMap(f -> router.fire(rule.tenant(), alert, now)
                        .flatMap(r -> r ? firings.recordNotification(f.id(), NotifyStatus.ROUTED, 0, null, null).thenReturn(true) : Mono.just(false))
                        .doOnNext(routed::set)
                        .thenReturn(f))
                .doOnNext(fired::set);
        // Notify only once the transaction has committed: never for a firing that was rolled back.
        return tx.transactional(recorded).then(Mono.fromRunnable(() -> {
            AlertFiring f = fired.get();
            if (f != null) {
                log.info("alert rule {} '{}' ({}) fired: {} (firing {})", rule.id(), rule.name(), rule.kind().wire(),
                        alert.annotations().get("summary"), f.id());
                if (routed.get()) {
                    router.flushSoon();
                } else {
                    notifier.dispatch(rule, f, alert);
                }
            }
        }));
    }

    private Mono<Void> resolve(AlertRule rule, long now, long token) {
        Mono<Boolean> resolved = rules.transition(rule.id(), RuleState.FIRING, RuleState.OK, now, token)
                .filter(changed -> changed)
                .flatMap(changed -> router.resolve(rule.tenant(), RuleAlerts.labels(rule), now));
        return tx.transactional(resolved).doOnNext(routed -> {
            log.info("alert rule {} '{}' resolved", rule.id(), rule.name());
            if (routed) {
                router.flushSoon();
            }
        }).then();
    }
}
