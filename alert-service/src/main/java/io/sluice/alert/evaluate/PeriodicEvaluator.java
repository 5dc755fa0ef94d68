package io.sluice.alert.evaluate;

import io.sluice.alert.rule.RuleRepository;
import io.sluice.platform.lifecycle.PeriodicTask;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Every {@code interval}, requests an evaluation of every enabled (or still firing) rule, so that
 * rules also change state when no new matches arrive (a window emptying, a rule disabled). A tick
 * that comes while the previous one is still listing rules is skipped.
 */
public class PeriodicEvaluator extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(PeriodicEvaluator.class);

    private final RuleRepository rules;
    private final EvaluationScheduler scheduler;

    /** Evaluates {@code rules} through {@code scheduler} every {@code interval}. */
    public PeriodicEvaluator(RuleRepository rules, EvaluationScheduler scheduler, Duration interval) {
        super(interval, interval);
        this.rules = rules;
        this.scheduler = scheduler;
    }

    @Override
    protected Mono<Void> runOnce() {
        return rules.findIdsToEvaluate()
                .doOnNext(scheduler::evaluateSoon)
                .then()
                .onErrorResume(e -> {
                    log.warn("listing alert rules to evaluate failed: {}", e.toString());
                    return Mono.empty();
                });
    }
}
