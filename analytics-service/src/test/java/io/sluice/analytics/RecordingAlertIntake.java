package io.sluice.analytics;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.sluice.common.proto.alert.v1.AlertIntakeGrpc;
import io.sluice.common.proto.alert.v1.FindingsAck;
import io.sluice.common.proto.alert.v1.FindingsBatch;
import io.sluice.common.proto.alert.v1.ListMatchersRequest;
import io.sluice.common.proto.alert.v1.ListMatchersResponse;
import io.sluice.common.proto.alert.v1.RuleMatcher;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real gRPC server (grpc-java over Netty on a loopback port) serving {@code AlertIntake} the
 * way alert-service does at its boundary: it lists fixed matchers, records every report, answers
 * {@code applied=false} for a batch id it has seen, and can be told to refuse the next reports
 * with UNAVAILABLE.
 */
final class RecordingAlertIntake extends AlertIntakeGrpc.AlertIntakeImplBase implements AutoCloseable {

    final List<FindingsBatch> reports = new CopyOnWriteArrayList<>();
    final AtomicInteger refuseNext = new AtomicInteger();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final List<RuleMatcher> matchers;
    private final Server server;

    RecordingAlertIntake(List<RuleMatcher> matchers) throws IOException {
        this.matchers = List.copyOf(matchers);
        this.server = ServerBuilder.forPort(0).addService(this).build().start();
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void listMatchers(ListMatchersRequest request, StreamObserver<ListMatchersResponse> out) {
        out.onNext(ListMatchersResponse.newBuilder().addAllMatchers(matchers).build());
        out.onCompleted();
    }

    @Override
    public void report(FindingsBatch batch, StreamObserver<FindingsAck> out) {
        if (refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            out.onError(Status.UNAVAILABLE.withDescription("refused by the test").asRuntimeException());
            return;
        }
        reports.add(batch);
        out.onNext(FindingsAck.newBuilder().setApplied(seen.add(batch.getBatchId())).build());
        out.onCompleted();
    }

    List<FindingsBatch> reportsOf(String batchId) {
        return reports.stream().filter(r -> r.getBatchId().equals(batchId)).toList();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
