package io.sluice.alert.evaluate;

import io.sluice.alert.intake.RuleTrigger;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import reactor.core.publisher.Mono;

/**
 * Runs rule evaluations so that one rule is never evaluated twice at the same time in this
 * process (an older evaluation could otherwise undo a newer one), while requests arriving during
 * an evaluation are coalesced into one more run right after it. Callers never wait: requests
 * come from gRPC and timer threads.
 */
public class EvaluationScheduler implements RuleTrigger, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EvaluationScheduler.class);

    private final RuleEvaluator evaluator;
    private final Map<Long, AtomicInteger> pending = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Schedules evaluations on {@code evaluator}. */
    public EvaluationScheduler(RuleEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    @Override
    public void evaluateSoon(long ruleId) {
        if (closed) {
            return;
        }
        AtomicInteger requests = pending.computeIfAbsent(ruleId, id -> new AtomicInteger());
        if (requests.getAndIncrement() == 0) {
            run(ruleId, requests);
        }
    }

    private void run(long ruleId, AtomicInteger requests) {
        int seen = requests.get();
        evaluator.evaluate(ruleId)
                .onErrorResume(e -> {
                    log.warn("evaluating alert rule {} failed, it is evaluated again on the next tick: {}", ruleId, e.toString());
                    return Mono.empty();
                })
                .doFinally(signal -> {
                    if (requests.addAndGet(-seen) != 0 && !closed) {
                        run(ruleId, requests);
                    }
                })
                .subscribe();
    }

    @Override
    public void destroy() {
        closed = true;
    }
}
