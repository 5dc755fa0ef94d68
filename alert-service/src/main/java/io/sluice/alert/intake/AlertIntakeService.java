package io.sluice.alert.intake;

import io.grpc.Status;
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
 * nothing), then asks for the affected rules to be evaluated. Answers from
 * reactive callbacks; never blocks a gRPC thread.
 */
public class AlertIntakeService extends AlertIntakeGrpc.AlertIntakeImplBase {

    private static final Logger log = LoggerFactory.getLogger(AlertIntakeService.class);
    private static final int MAX_BATCH_ID = 200;

    private final RuleRepository rules;
    private final MatchBuckets buckets;
    private final AnomalyInbox anomalies;
    private final RuleTrigger trigger;

    /**
     * Serves rules from {@code rules}, stores counts in {@code buckets} and findings in
     * {@code anomalies}, and notifies {@code trigger}.
     */
    public AlertIntakeService(RuleRepository rules, MatchBuckets buckets, AnomalyInbox anomalies, RuleTrigger trigger) {
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
        Mono<Set<Long>> recorded = batch.getAnomaliesCount() == 0 ? Mono.just(Set.of())
                : buckets.seen(batch.getBatchId()).flatMap(seen -> seen ? Mono.just(Set.<Long>of()) : anomalies.record(batch));
        recorded.flatMap(anomalyRules -> buckets.apply(batch).map(applied -> {
            if (applied) {
                batch.getMatchesList().stream().mapToLong(MatchCount::getRuleId).distinct().forEach(trigger::evaluateSoon);
                anomalyRules.forEach(trigger::evaluateSoon);
            }
            return applied;
        })).subscribe(applied -> {
            out.onNext(FindingsAck.newBuilder().setApplied(applied).build());
            out.onCompleted();
        }, e -> out.onError(unavailable("cannot store findings", e)));
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
