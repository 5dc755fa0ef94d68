package io.sluice.analytics.consume;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sluice.analytics.AnalyticsProperties;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Consumes the buffer stream in analytics' consumer group. One loop reads new entries with
 * XREADGROUP BLOCK on a dedicated connection (so the block never stalls the shared one), at most
 * {@code batchCount} at a time, processes them and reads again; a second loop runs XAUTOCLAIM
 * every {@code claimInterval} and processes entries pending longer than {@code claimMinIdle}
 * (of a dead consumer, or this one's after a failed step). Reading restarts with backoff after a
 * Redis error, re-creating the group if it has gone.
 */
public class BufferConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BufferConsumer.class);
    private static final int CONCURRENCY = 8;

    private final SluiceRedis redis;
    private final AnalyticsProperties properties;
    private final EntryProcessor processor;
    private final Consumer<String> me;
    private volatile Disposable reading;
    private volatile Disposable claiming;

    /** Consumes {@code redis}' buffer stream as configured by {@code properties}. */
    public BufferConsumer(SluiceRedis redis, AnalyticsProperties properties, EntryProcessor processor) {
        this.redis = redis;
        this.properties = properties;
        this.processor = processor;
        this.me = Consumer.from(properties.group(), properties.consumerName());
    }

    @Override
    public void start() {
        StatefulRedisConnection<String, byte[]> blocking = redis.dedicatedBinary();
        XReadArgs read = XReadArgs.Builder.block(properties.block()).count(properties.batchCount());
        XReadArgs.StreamOffset<String> offset = XReadArgs.StreamOffset.lastConsumed(stream());
        reading = ensureGroup()
                .thenMany(Flux.defer(() -> blocking.reactive().xreadgroup(me, read, offset).flatMap(processor::process, CONCURRENCY)).repeat())
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5))
                        .doBeforeRetry(s -> log.warn("reading the buffer stream failed, retrying: {}", s.failure().toString())))
                .subscribe();
        claiming = Flux.interval(properties.claimInterval())
                .onBackpressureDrop()
                .concatMap(tick -> claimFrom("0-0").onErrorResume(e -> {
                    log.warn("claiming pending buffer entries failed: {}", e.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
        log.info("analytics consuming {} as {} in group {}", stream(), me.getName(), me.getGroup());
    }

    /** Creates the group at the start of the stream (and the stream) unless it exists. */
    Mono<Void> ensureGroup() {
        return redis.strings()
                .xgroupCreate(XReadArgs.StreamOffset.from(stream(), "0"), properties.group(), XGroupCreateArgs.Builder.mkstream())
                .onErrorResume(e -> e.getMessage() != null && e.getMessage().startsWith("BUSYGROUP"), e -> Mono.empty())
                .then();
    }

    private Mono<Void> claimFrom(String cursor) {
        return redis.binary()
                .xautoclaim(stream(), XAutoClaimArgs.Builder.xautoclaim(me, properties.claimMinIdle(), cursor).count(properties.batchCount()))
                .flatMap(claimed -> Flux.fromIterable(claimed.getMessages())
                        .flatMap(this::processClaimed, CONCURRENCY)
                        .then(Mono.just(claimed.getId())))
                .flatMap(next -> "0-0".equals(next) ? Mono.empty() : claimFrom(next));
    }

    private Mono<Void> processClaimed(StreamMessage<String, byte[]> entry) {
        log.debug("claimed pending buffer entry {}", entry.getId());
        return processor.process(entry);
    }

    private String stream() {
        return redis.keys().bufferStream();
    }

    @Override
    public void stop() {
        for (Disposable d : new Disposable[] {reading, claiming}) {
            if (d != null) {
                d.dispose();
            }
        }
        reading = null;
        claiming = null;
    }

    @Override
    public boolean isRunning() {
        return reading != null;
    }
}
