package io.sluice.pipeline.claim;

import io.lettuce.core.Consumer;
import io.lettuce.core.XAutoClaimArgs;
import io.sluice.pipeline.PipelineProperties;
import io.sluice.pipeline.consume.ConsumerGroup;
import io.sluice.pipeline.consume.Errors;
import io.sluice.pipeline.consume.EntryProcessor;
import io.sluice.pipeline.metrics.PipelineMetrics;
import io.sluice.platform.lifecycle.PeriodicTask;
import io.sluice.platform.redis.SluiceRedis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Takes over the work of consumers that died between XREADGROUP and XACK: every
 * {@code claim-interval}, {@code XAUTOCLAIM buffer <group> <this consumer> <claim-min-idle> 0-0
 * COUNT n}, repeated until the cursor returns to {@code 0-0}, and processes what it claimed
 * exactly like new entries (archive, hot tier, XACK). The archive's {@code INSERT IGNORE} and the
 * hot tier's per-entry marker make a claimed entry that had been half-processed harmless. It also
 * re-takes this consumer's own entries that stayed pending that long. Rounds never overlap; a
 * failed round is logged and the next tick tries again.
 */
public class PendingClaimer extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(PendingClaimer.class);
    private static final String START = "0-0";

    private final SluiceRedis redis;
    private final ConsumerGroup group;
    private final EntryProcessor processor;
    private final PipelineMetrics metrics;
    private final PipelineProperties properties;

    /** A claimer acting as {@code properties.consumerName()} in {@code group}. */
    public PendingClaimer(SluiceRedis redis, ConsumerGroup group, EntryProcessor processor, PipelineMetrics metrics,
            PipelineProperties properties) {
        super(properties.claimInterval(), properties.claimInterval());
        this.redis = redis;
        this.group = group;
        this.processor = processor;
        this.metrics = metrics;
        this.properties = properties;
    }

    /** One round: claims and processes every entry idle for at least {@code claim-min-idle}; emits how many it claimed. */
    public Mono<Long> claimAll() {
        return claimFrom(START, 0L);
    }

    private Mono<Long> claimFrom(String cursor, long claimedSoFar) {
        XAutoClaimArgs<String> args = XAutoClaimArgs.Builder
                .xautoclaim(Consumer.from(group.name(), properties.consumerName()), properties.claimMinIdle(), cursor)
                .count(properties.batchCount());
        return redis.binary().xautoclaim(group.stream(), args).flatMap(claimed -> {
            int n = claimed.getMessages().size();
            if (n > 0) {
                metrics.claimed(n);
                log.info("claimed {} pending buffer entries idle for at least {}", n, properties.claimMinIdle());
            }
            Mono<Integer> processed = processor.process(claimed.getMessages());
            String next = claimed.getId();
            boolean done = next == null || START.equals(next);
            return processed.then(done ? Mono.just(claimedSoFar + n) : claimFrom(next, claimedSoFar + n));
        });
    }

    @Override
    protected Mono<Void> runOnce() {
        return claimAll().onErrorResume(e -> {
            log.warn("claiming pending buffer entries failed; trying again in {}: {}", properties.claimInterval(), Errors.describe(e));
            return Mono.empty();
        }).then();
    }
}
