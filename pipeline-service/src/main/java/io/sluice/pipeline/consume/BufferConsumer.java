package io.sluice.pipeline.consume;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sluice.pipeline.PipelineProperties;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The pipeline's read loop: {@code XREADGROUP GROUP <group> <consumer> COUNT n BLOCK t STREAMS
 * buffer >} on a dedicated Redis connection (the blocking read never stalls the shared one), each
 * read handed to the {@link EntryProcessor} before the next one is issued, so at most one batch of
 * {@code batch-count} entries is in memory per instance.
 *
 * <p>After a failure (MySQL or Redis unavailable) nothing is acknowledged; the loop backs off
 * (100 ms doubling to 10 s) and re-reads this consumer's own pending entries (id {@code 0}) until
 * they are all processed, before it reads new ones again. It starts with that history too, so a
 * consumer restarted under a fixed name finishes what it had been given.
 *
 * <p>Stopping lets the batch in flight finish (up to {@code shutdown-timeout}); what is abandoned
 * stays pending and is claimed by another instance.
 */
public class BufferConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BufferConsumer.class);

    private final SluiceRedis redis;
    private final ConsumerGroup group;
    private final EntryProcessor processor;
    private final PipelineProperties properties;
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));

    private volatile boolean running;
    private volatile boolean readHistory = true;
    private volatile boolean groupReady;
    private volatile Disposable loop;
    private volatile Sinks.Empty<Void> stopSignal;
    private volatile Sinks.Empty<Void> finished;
    private StatefulRedisConnection<String, byte[]> connection;

    /** A consumer named {@code properties.consumerName()} in {@code group}. */
    public BufferConsumer(SluiceRedis redis, ConsumerGroup group, EntryProcessor processor, PipelineProperties properties) {
        this.redis = redis;
        this.group = group;
        this.processor = processor;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        connection = redis.dedicatedBinary();
        stopSignal = Sinks.empty();
        finished = Sinks.empty();
        running = true;
        log.info("pipeline consumer '{}' reading {} in group '{}'", properties.consumerName(), group.stream(), group.name());
        loop = Mono.defer(this::iteration)
                .repeat(() -> running)
                .doFinally(signal -> finished.tryEmitEmpty())
                .subscribe(n -> { }, e -> log.error("pipeline consumer stopped by an unexpected error", e));
    }

    private Mono<Integer> iteration() {
        Mono<Void> prepare = groupReady ? Mono.empty() : group.ensure().doOnSuccess(v -> groupReady = true);
        boolean history = readHistory;
        return prepare.then(read(history))
                .flatMap(entries -> {
                    if (history && entries.isEmpty()) {
                        readHistory = false;
                    }
                    return processor.process(entries);
                })
                .doOnNext(n -> backoff.reset())
                .onErrorResume(e -> {
                    readHistory = true;
                    if (ConsumerGroup.isMissingGroup(e)) {
                        groupReady = false;
                    }
                    Duration delay = backoff.next();
                    log.warn("pipeline consumer failed, nothing acknowledged; retrying its pending entries in {} ms: {}", delay.toMillis(), Errors.describe(e));
                    return Mono.delay(delay).takeUntilOther(stopSignal.asMono()).thenReturn(0);
                });
    }

    private Mono<List<StreamMessage<String, byte[]>>> read(boolean history) {
        Consumer<String> consumer = Consumer.from(group.name(), properties.consumerName());
        XReadArgs args = XReadArgs.Builder.count(properties.batchCount());
        if (history) {
            return connection.reactive().xreadgroup(consumer, args, StreamOffset.from(group.stream(), "0")).collectList();
        }
        args.block(properties.block());
        return connection.reactive().xreadgroup(consumer, args, StreamOffset.lastConsumed(group.stream())).collectList();
    }

    @Override
    public void stop(Runnable callback) {
        Mono<Void> done = signalStop();
        if (done == null) {
            callback.run();
            return;
        }
        done.timeout(properties.shutdownTimeout())
                .onErrorResume(TimeoutException.class, e -> {
                    log.warn("pipeline consumer did not finish its batch within {}; abandoning it (it stays pending and will be claimed)", properties.shutdownTimeout());
                    loop.dispose();
                    return Mono.empty();
                })
                .doFinally(s -> callback.run())
                .subscribe();
    }

    @Override
    public void stop() {
        Mono<Void> done = signalStop();
        if (done == null) {
            return;
        }
        try {
            done.toFuture().get(properties.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            loop.dispose();
        }
    }

    private synchronized Mono<Void> signalStop() {
        if (!running) {
            return null;
        }
        running = false;
        stopSignal.tryEmitEmpty();
        return finished.asMono();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
