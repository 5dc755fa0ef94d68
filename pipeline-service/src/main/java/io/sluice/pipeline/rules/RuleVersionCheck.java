package io.sluice.pipeline.rules;

import io.sluice.platform.lifecycle.PeriodicTask;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Every {@code sluice.pipeline.rules.check-interval}, compares each tenant's stored rule-set
 * version with the one applied here and reloads those that differ: the safety net for change
 * messages this instance missed (Redis down, subscription reconnecting, a change made by SQL).
 */
public class RuleVersionCheck extends PeriodicTask {

    private final RuleSnapshots snapshots;

    /** Checks {@code snapshots} every {@code interval}. */
    public RuleVersionCheck(RuleSnapshots snapshots, Duration interval) {
        super(interval, interval);
        this.snapshots = snapshots;
    }

    @Override
    protected Mono<Void> runOnce() {
        return snapshots.refreshAll();
    }
}
