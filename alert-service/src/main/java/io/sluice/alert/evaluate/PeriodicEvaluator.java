package io.sluice.alert.evaluate;

import io.sluice.alert.rule.RuleRepository;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every {@code interval}, requests an evaluation of every enabled (or still firing) rule, so that
 * rules also change state when no new matches arrive (a window emptying, a rule disabled). A tick
 * that comes while the previous one is still listing rules is skipped.
 */
public class PeriodicEvaluator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicEvaluator.class);

    private final RuleRepository rules;
    private final EvaluationScheduler scheduler;
    private final Duration interval;
    private volatile Disposable running;

    /** Evaluates {@code rules} through {@code scheduler} every {@code interval}. */
    public PeriodicEvaluator(RuleRepository rules, EvaluationScheduler scheduler, Duration interval) {
        this.rules = rules;
        this.scheduler = scheduler;
        this.interval = interval;
    }

    @Override
    public void start() {
        running = Flux.interval(interval)
                .onBackpressureDrop()
                .concatMap(tick -> rules.findIdsToEvaluate()
                        .doOnNext(scheduler::evaluateSoon)
                        .then()
                        .onErrorResume(e -> {
                            log.warn("listing alert rules to evaluate failed: {}", e.toString());
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable d = running;
        if (d != null) {
            d.dispose();
        }
        running = null;
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }
}
