package io.sluice.bench;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import io.sluice.common.proto.alert.v1.AlertIntakeGrpc;
import io.sluice.common.proto.alert.v1.FindingsAck;
import io.sluice.common.proto.alert.v1.FindingsBatch;
import io.sluice.common.proto.alert.v1.ListMatchersRequest;
import io.sluice.common.proto.alert.v1.ListMatchersResponse;
import io.sluice.common.proto.alert.v1.MatchCount;
import io.sluice.common.proto.alert.v1.RuleMatcher;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The alert-service end of {@link AnalyticsThroughputHarness}: a real grpc-java
 * {@code sluice.alert.v1.AlertIntake} server on a free loopback port that serves a fixed list of
 * rule matchers and answers every {@code Report} and every batch of {@code ReportStream} with {@code applied = true}, counting calls and
 * matches and storing nothing, so that analytics' own cost is what the harness measures.
 */
final class RecordingAlertIntake implements AutoCloseable {

    private final Server server;
    private volatile List<RuleMatcher> matchers = List.of();
    private final AtomicLong listCalls = new AtomicLong();
    private final AtomicLong reports = new AtomicLong();
    private final AtomicLong matches = new AtomicLong();

    RecordingAlertIntake() throws IOException {
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(new AlertIntakeGrpc.AlertIntakeImplBase() {
            @Override
            public void listMatchers(ListMatchersRequest request, StreamObserver<ListMatchersResponse> out) {
                listCalls.incrementAndGet();
                out.onNext(ListMatchersResponse.newBuilder().addAllMatchers(matchers).build());
                out.onCompleted();
            }

            @Override
            public void report(FindingsBatch batch, StreamObserver<FindingsAck> out) {
                out.onNext(count(batch));
                out.onCompleted();
            }

            @Override
            public StreamObserver<FindingsBatch> reportStream(StreamObserver<FindingsAck> out) {
                return new StreamObserver<>() {
                    @Override
                    public void onNext(FindingsBatch batch) {
                        out.onNext(count(batch));
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                        out.onCompleted();
                    }
                };
            }
        }).build().start();
    }

    private FindingsAck count(FindingsBatch batch) {
        reports.incrementAndGet();
        long n = 0;
        for (MatchCount m : batch.getMatchesList()) {
            n += m.getCount();
        }
        matches.addAndGet(n);
        return FindingsAck.newBuilder().setBatchId(batch.getBatchId()).setApplied(true).build();
    }

    int port() {
        return server.getPort();
    }

    /** Serves {@code queries} as rules 1 … n of {@code tenant} from now on. */
    void serve(String tenant, List<String> queries) {
        List<RuleMatcher> list = new java.util.ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            list.add(RuleMatcher.newBuilder().setRuleId(i + 1).setTenant(tenant).setQuery(queries.get(i)).build());
        }
        matchers = List.copyOf(list);
    }

    long listCalls() {
        return listCalls.get();
    }

    long reports() {
        return reports.get();
    }

    long matches() {
        return matches.get();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
}
