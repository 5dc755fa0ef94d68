package io.sluice.analytics.consume;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lettuce.core.StreamMessage;
import io.sluice.analytics.anomaly.AnomalyStage;
import io.sluice.analytics.match.FindingsSink;
import io.sluice.analytics.template.MinedBatch;
import io.sluice.analytics.template.TemplateMining;
import io.sluice.analytics.window.MinuteCounter;
import io.sluice.analytics.window.StatsWriter;
import io.sluice.analytics.window.WindowStage;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.platform.stream.EntryHandler;
import io.sluice.platform.stream.Rejected;
import io.sluice.platform.stream.StreamBatch;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Analytics' {@link EntryHandler}: for each buffer entry of a batch (up to {@value #CONCURRENCY} at
 * once) decodes its {@code LogBatch}, applies the minute counts (once per entry, see
 * {@link StatsWriter}) and records its anomaly-detection windows ({@link AnomalyStage}, also once
 * per entry), then reports alert-rule matches; the batch is acknowledged by the
 * {@link io.sluice.platform.stream.GroupConsumer} only when every entry got that far. A failure
 * (Redis, alert-service down or rules not fetched yet) fails the batch, which the consumer retries
 * with back-off: counts are not applied twice because of the done-marker, and alert-service
 * ignores a batch id it has seen. Both are keyed by the entry's {@link StreamBatch#uniqueId}. An
 * entry that is not a {@code LogBatch} can never succeed: it is rejected (dead-lettered).
 */
public class EntryProcessor implements EntryHandler {

    static final int CONCURRENCY = 8;

    private final StatsWriter stats;
    private final FindingsSink findings;
    private final AnomalyStage anomalies;
    private final WindowStage windows;
    private final TemplateMining mining;

    /**
     * @param stats applies the minute counts
     * @param findings reports alert-rule matches
     */
    public EntryProcessor(StatsWriter stats, FindingsSink findings) {
        this(stats, findings, AnomalyStage.NONE, WindowStage.NONE, new TemplateMining());
    }

    /**
     * @param stats applies the minute counts
     * @param findings reports alert-rule matches
     * @param anomalies records the entry's windows for anomaly detection (alongside the minute counts)
     * @param windows records the entry's window statistics and leaderboards
     * @param mining mines each entry's templates once for both; not called when both are off
     */
    public EntryProcessor(StatsWriter stats, FindingsSink findings, AnomalyStage anomalies, WindowStage windows, TemplateMining mining) {
        this.stats = stats;
        this.findings = findings;
        this.anomalies = anomalies;
        this.windows = windows;
        this.mining = mining;
    }

    @Override
    public Mono<List<Rejected>> handle(StreamBatch batch) {
        return Flux.fromIterable(batch.entries())
                .flatMap(entry -> process(batch, entry), CONCURRENCY)
                .collectList();
    }

    /** Emits a rejection for an undecodable entry, nothing for a processed one; errors when it must be retried. */
    private Mono<Rejected> process(StreamBatch batch, StreamMessage<String, byte[]> entry) {
        String id = entry.getId();
        byte[] payload = entry.getBody() == null ? null : entry.getBody().get("b");
        if (payload == null) {
            return Mono.just(new Rejected(id, entry.getBody() == null ? "entry no longer in the stream" : "no field 'b'"));
        }
        return Mono.fromCallable(() -> decode(payload))
                .subscribeOn(Schedulers.parallel())
                .flatMap(decoded -> decoded.isEmpty()
                        ? Mono.just(new Rejected(id, "field 'b' is not a LogBatch protobuf"))
                        : handle(batch.uniqueId(id), decoded.get()).then(Mono.empty()));
    }

    private Mono<Void> handle(String uniqueId, LogBatch batch) {
        MinedBatch mined = anomalies == AnomalyStage.NONE && windows == WindowStage.NONE ? null : mining.mine(batch);
        return Mono.when(stats.apply(uniqueId, MinuteCounter.count(batch)), anomalies.record(uniqueId, batch, mined),
                        windows.record(uniqueId, batch, mined))
                .publishOn(Schedulers.parallel()) // matching is CPU work: keep it off Redis' I/O threads
                .then(findings.report(uniqueId, batch));
    }

    private static Optional<LogBatch> decode(byte[] payload) {
        try {
            return Optional.of(LogBatch.parseFrom(payload));
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }
}
