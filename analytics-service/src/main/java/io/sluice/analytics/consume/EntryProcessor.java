package io.sluice.analytics.consume;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lettuce.core.StreamMessage;
import io.sluice.analytics.match.FindingsSink;
import io.sluice.analytics.match.FindingsUnavailableException;
import io.sluice.analytics.window.MinuteCounter;
import io.sluice.analytics.window.StatsWriter;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Handles one buffer entry: decodes its {@code LogBatch}, applies the minute counts (once per
 * entry, see {@link StatsWriter}), reports alert-rule matches, and only then acknowledges the
 * entry. When a step fails after a few quick retries the entry is left pending, so the periodic
 * claim picks it up again later; the counts are not applied twice because of the done-marker,
 * and alert-service ignores a batch id it has seen. While alert-service is known to be down the
 * entry is left pending at once, without retries. An entry that is not a {@code LogBatch} can
 * never succeed: it is logged and acknowledged so it does not block the group.
 */
public class EntryProcessor {

    private static final Logger log = LoggerFactory.getLogger(EntryProcessor.class);
    private static final long WARN_EVERY_MILLIS = 10_000;

    private final SluiceRedis redis;
    private final String group;
    private final StatsWriter stats;
    private final FindingsSink findings;
    private final Retry retry;
    private final AtomicLong lastWarn = new AtomicLong();

    /**
     * @param redis where the buffer stream is
     * @param group the consumer group that acknowledges
     * @param stats applies the minute counts
     * @param findings reports alert-rule matches
     * @param firstBackoff the first of three retry delays (doubling) before an entry is left pending
     */
    public EntryProcessor(SluiceRedis redis, String group, StatsWriter stats, FindingsSink findings, Duration firstBackoff) {
        this.redis = redis;
        this.group = group;
        this.stats = stats;
        this.findings = findings;
        this.retry = Retry.backoff(3, firstBackoff).maxBackoff(firstBackoff.multipliedBy(10))
                .filter(e -> !(e instanceof FindingsUnavailableException));
    }

    /** Processes {@code entry}; never errors (a failure leaves the entry pending). */
    public Mono<Void> process(StreamMessage<String, byte[]> entry) {
        String id = entry.getId();
        byte[] payload = entry.getBody() == null ? null : entry.getBody().get("b");
        if (payload == null) {
            log.warn("buffer entry {} has no field 'b' (deleted or not written by ingest); acknowledging it", id);
            return ack(id);
        }
        return Mono.fromCallable(() -> LogBatch.parseFrom(payload))
                .subscribeOn(Schedulers.parallel())
                .flatMap(batch -> handle(id, batch).retryWhen(retry))
                .onErrorResume(InvalidProtocolBufferException.class, e -> {
                    log.error("buffer entry {} is not a LogBatch ({}); acknowledging it so it does not block the group", id, e.getMessage());
                    return ack(id);
                })
                .onErrorResume(e -> {
                    warnThrottled(id, e);
                    return Mono.empty();
                });
    }

    private Mono<Void> handle(String id, LogBatch batch) {
        return stats.apply(id, MinuteCounter.count(batch))
                .publishOn(Schedulers.parallel()) // matching is CPU work: keep it off Redis' I/O threads
                .then(findings.report(id, batch))
                .then(ack(id));
    }

    private Mono<Void> ack(String id) {
        return redis.strings().xack(redis.keys().bufferStream(), group, id).then();
    }

    private void warnThrottled(String id, Throwable e) {
        long now = System.currentTimeMillis();
        long last = lastWarn.get();
        Throwable cause = e.getCause() != null && Exceptions.isRetryExhausted(e) ? e.getCause() : e;
        if (now - last >= WARN_EVERY_MILLIS && lastWarn.compareAndSet(last, now)) {
            log.warn("buffer entry {} left pending, it will be claimed and retried: {}", id, cause.toString());
        } else {
            log.debug("buffer entry {} left pending: {}", id, cause.toString());
        }
    }
}
