package io.sluice.alert.intake;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.sluice.alert.rule.RuleRepository;
import io.sluice.common.proto.alert.v1.AlertIntakeGrpc;
import io.sluice.common.proto.alert.v1.FindingsAck;
import io.sluice.common.proto.alert.v1.FindingsBatch;
import io.sluice.common.proto.alert.v1.ListMatchersRequest;
import io.sluice.common.proto.alert.v1.ListMatchersResponse;
import io.sluice.common.proto.alert.v1.MatchCount;
import io.sluice.common.proto.alert.v1.RuleMatcher;
import org.slf4j.Logger;
import java.util.Set;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * gRPC {@code sluice.alert.v1.AlertIntake}, called by analytics-service: lists the log queries of
 * the enabled rules that count matches, applies reported match counts once per batch id, records
 * reported anomaly findings for the {@code anomaly} rules they match (unless the batch id was
 * applied before; idempotently, before the batch id is marked seen, so a crash in between loses
 * nothing), then asks for the affected rules to be evaluated. Batches come one per call
 * ({@code Report}, kept for older analytics) or over a long-lived {@code ReportStream}
 * ({@link FindingsStreamHandler}: same handling, acks carry the batch id, flow-controlled). Answers
 * from reactive callbacks; never blocks a gRPC thread.
 */
public class AlertIntakeService extends AlertIntakeGrpc.AlertIntakeImplBase {

    private static final Logger log = LoggerFactory.getLogger(AlertIntakeService.class);
    private static final int MAX_BATCH_ID = 200;
    /** Batches of one {@code ReportStream} handled at once (and read ahead of their acks). */
    public static final int STREAM_CONCURRENCY = 16;

    private final RuleRepository rules;
    private final MatchBuckets buckets;
    private final AnomalyInbox anomalies;
    private final RuleTrigger trigger;
    private final int streamConcurrency;

    /**
     * Serves rules from {@code rules}, stores counts in {@code buckets} and findings in
     * {@code anomalies}, and notifies {@code trigger}.
     */
    public AlertIntakeService(RuleRepository rules, MatchBuckets buckets, AnomalyInbox anomalies, RuleTrigger trigger) {
        this(rules, buckets, anomalies, trigger, STREAM_CONCURRENCY);
    }

    /**
     * As above, handling at most {@code streamConcurrency} batches of one {@code ReportStream} at
     * once (and reading no further ahead).
     */
    public AlertIntakeService(RuleRepository rules, MatchBuckets buckets, AnomalyInbox anomalies, RuleTrigger trigger,
            int streamConcurrency) {
        if (streamConcurrency < 1) {
            throw new IllegalArgumentException("streamConcurrency must be at least 1");
        }
        this.streamConcurrency = streamConcurrency;
        this.rules = rules;
        this.buckets = buckets;
        this.anomalies = anomalies;
        this.trigger = trigger;
    }

    @Override
    public void listMatchers(ListMatchersRequest request, StreamObserver<ListMatchersResponse> out) {
        rules.findMatchQueries()
                .map(r -> RuleMatcher.newBuilder().setRuleId(r.ruleId()).setTenant(r.tenant()).setQuery(r.query()).build())
                .collectList()
                .subscribe(list -> {
                    out.onNext(ListMatchersResponse.newBuilder().addAllMatchers(list).build());
                    out.onCompleted();
                }, e -> out.onError(unavailable("cannot read alert rules", e)));
    }

    @Override
    public void report(FindingsBatch batch, StreamObserver<FindingsAck> out) {
        String problem = problem(batch);
        if (problem != null) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(problem).asRuntimeException());
            return;
        }
        handle(batch).subscribe(applied -> {
            out.onNext(FindingsAck.newBuilder().setApplied(applied).setBatchId(batch.getBatchId()).build());
            out.onCompleted();
        }, e -> out.onError(unavailable("cannot store findings", e)));
    }

    @Override
    public StreamObserver<FindingsBatch> reportStream(StreamObserver<FindingsAck> out) {
        return new FindingsStreamHandler(this, (ServerCallStreamObserver<FindingsAck>) out, streamConcurrency);
    }

    /**
     * Validates one batch: an error ack (INVALID_ARGUMENT or UNAVAILABLE) when it was not stored,
     * otherwise an ack saying whether it was applied or a duplicate. Never fails.
     */
    Mono<FindingsAck> ack(FindingsBatch batch) {
        FindingsAck.Builder ack = FindingsAck.newBuilder().setBatchId(batch.getBatchId());
        String problem = problem(batch);
        if (problem != null) {
            return Mono.just(ack.setErrorCode(Status.Code.INVALID_ARGUMENT.name()).setErrorMessage(problem).build());
        }
        return handle(batch)
                .map(applied -> ack.setApplied(applied).build())
                .onErrorResume(e -> {
                    log.warn("cannot store findings of batch {}: {}", batch.getBatchId(), e.toString());
                    return Mono.just(ack.setErrorCode(Status.Code.UNAVAILABLE.name())
                            .setErrorMessage("cannot store findings: " + e.getMessage()).build());
                });
    }

    /** Applies a valid batch once per batch id; true when applied, false for a duplicate. */
    private Mono<Boolean> handle(FindingsBatch batch) {
        Mono<Set<Long>> recorded = batch.getAnomaliesCount() == 0 ? Mono.just(Set.of())
                : buckets.seen(batch.getBatchId()).flatMap(seen -> seen ? Mono.just(Set.<Long>of()) : anomalies.record(batch));
        return recorded.flatMap(anomalyRules -> buckets.apply(batch).map(applied -> {
            if (applied) {
                batch.getMatchesList().stream().mapToLong(MatchCount::getRuleId).distinct().forEach(trigger::evaluateSoon);
                anomalyRules.forEach(trigger::evaluateSoon);
            }
            return applied;
        }));
    }

    private static String problem(FindingsBatch batch) {
        if (batch.getBatchId().isEmpty()) {
            return "batch_id must be set (the buffer entry id), so a redelivered report is counted once";
        }
        if (batch.getBatchId().length() > MAX_BATCH_ID) {
            return "batch_id is longer than " + MAX_BATCH_ID + " characters";
        }
        for (int i = 0; i < batch.getMatchesCount(); i++) {
            if (batch.getMatches(i).getCount() < 0) {
                return "matches[" + i + "].count must not be negative";
            }
        }
        for (int i = 0; i < batch.getAnomaliesCount(); i++) {
            if (batch.getAnomalies(i).getTenant().isEmpty() || batch.getAnomalies(i).getType().isEmpty()) {
                return "anomalies[" + i + "] needs tenant and type";
            }
        }
        return null;
    }

    private static RuntimeException unavailable(String what, Throwable e) {
        log.warn("{}: {}", what, e.toString());
        return Status.UNAVAILABLE.withDescription(what + ": " + e.getMessage()).asRuntimeException();
    }
}
