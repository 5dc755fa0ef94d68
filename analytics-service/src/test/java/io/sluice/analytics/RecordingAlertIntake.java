package io.sluice.analytics;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.sluice.common.proto.alert.v1.AlertIntakeGrpc;
import io.sluice.common.proto.alert.v1.FindingsAck;
import io.sluice.common.proto.alert.v1.FindingsBatch;
import io.sluice.common.proto.alert.v1.ListMatchersRequest;
import io.sluice.common.proto.alert.v1.ListMatchersResponse;
import io.sluice.common.proto.alert.v1.RuleMatcher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real gRPC server (grpc-java over Netty on a loopback port) serving {@code AlertIntake} the
 * way alert-service does at its boundary: it lists fixed matchers, records every report (unary or
 * over {@code ReportStream}), answers {@code applied=false} for a batch id it has seen, and can be
 * told to refuse the next reports with UNAVAILABLE, to hold its stream acks until released (a
 * slow alert-service; it counts the batches received and not yet acknowledged, and their maximum),
 * and to restart on the same port (dropping every held ack, as a crash would).
 */
final class RecordingAlertIntake extends AlertIntakeGrpc.AlertIntakeImplBase implements AutoCloseable {

    final List<FindingsBatch> reports = new CopyOnWriteArrayList<>();
    /** Batch ids in the order they were applied (first seen). */
    final List<String> applied = new CopyOnWriteArrayList<>();
    final AtomicInteger refuseNext = new AtomicInteger();
    final AtomicInteger receivedUnacked = new AtomicInteger();
    final AtomicInteger maxReceivedUnacked = new AtomicInteger();
    final AtomicInteger streamsOpened = new AtomicInteger();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final List<RuleMatcher> matchers;
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;
    private Server server;

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
        out.onNext(record(batch));
        out.onCompleted();
    }

    @Override
    public StreamObserver<FindingsBatch> reportStream(StreamObserver<FindingsAck> responses) {
        ServerCallStreamObserver<FindingsAck> out = (ServerCallStreamObserver<FindingsAck>) responses;
        out.setOnCancelHandler(() -> { });
        streamsOpened.incrementAndGet();
        return new StreamObserver<>() {
            @Override
            public void onNext(FindingsBatch batch) {
                maxReceivedUnacked.accumulateAndGet(receivedUnacked.incrementAndGet(), Math::max);
                FindingsAck ack = refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                        ? FindingsAck.newBuilder().setBatchId(batch.getBatchId()).setErrorCode("UNAVAILABLE")
                                .setErrorMessage("refused by the test").build()
                        : record(batch);
                Runnable answer = () -> {
                    receivedUnacked.decrementAndGet();
                    synchronized (out) {
                        out.onNext(ack);
                    }
                };
                synchronized (RecordingAlertIntake.this) {
                    if (holding) {
                        held.add(answer);
                        return;
                    }
                }
                answer.run();
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
                synchronized (out) {
                    out.onCompleted();
                }
            }
        };
    }

    private FindingsAck record(FindingsBatch batch) {
        reports.add(batch);
        boolean first = seen.add(batch.getBatchId());
        if (first) {
            applied.add(batch.getBatchId());
        }
        return FindingsAck.newBuilder().setBatchId(batch.getBatchId()).setApplied(first).build();
    }

    /** From now on, stream acks wait for {@link #release()}. */
    synchronized void hold() {
        holding = true;
    }

    /** Sends every held ack and stops holding. */
    void release() {
        List<Runnable> answers;
        synchronized (this) {
            holding = false;
            answers = List.copyOf(held);
            held.clear();
        }
        answers.forEach(Runnable::run);
    }

    /** Stops the server (held acks are never sent) and starts it again on the same port. */
    void restart() throws IOException, InterruptedException {
        int port = server.getPort();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        synchronized (this) {
            holding = false;
            held.clear();
        }
        receivedUnacked.set(0);
        server = ServerBuilder.forPort(port).addService(this).build().start();
    }

    /** How many reports (counting repeats) carried one of {@code batchIds}. */
    long reportsOf(List<String> batchIds) {
        Set<String> wanted = Set.copyOf(batchIds);
        return reports.stream().filter(r -> wanted.contains(r.getBatchId())).count();
    }

    List<FindingsBatch> reportsOfId(String batchId) {
        return reportsOf(batchId);
    }

    List<FindingsBatch> reportsOf(String batchId) {
        return reports.stream().filter(r -> r.getBatchId().equals(batchId)).toList();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
