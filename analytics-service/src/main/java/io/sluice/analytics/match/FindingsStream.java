package io.sluice.analytics.match;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.sluice.common.proto.alert.v1.AlertIntakeGrpc;
import io.sluice.common.proto.alert.v1.FindingsAck;
import io.sluice.common.proto.alert.v1.FindingsBatch;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The one long-lived {@code AlertIntake.ReportStream} of an analytics instance to its alert
 * target, with at most {@code window} batches sent and not yet acknowledged. A report made while
 * the window is full waits in a queue (no thread waits; the consumer's own in-flight limits bound
 * that queue) and is sent when an ack frees a slot. Each report completes when the ack carrying its
 * batch id arrives (an error ack fails that report alone). When the stream fails — transport error,
 * server restart, or an ack not arriving within {@code ackTimeout} of sending — every outstanding
 * and waiting report fails (their buffer entries stay pending and are retried; alert-service's
 * idempotency by batch id keeps a batch it did store from counting twice), and the stream is
 * reopened lazily by the next report after a back-off (100 ms doubling to 5 s, reset by an ack);
 * reports made during the back-off fail at once with {@link FindingsUnavailableException}.
 */
final class FindingsStream {

    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final AlertIntakeGrpc.AlertIntakeStub stub;
    private final int window;
    private final Duration ackTimeout;
    private final Scheduler timer = Schedulers.parallel();

    private final ArrayDeque<Report> waiting = new ArrayDeque<>();
    private final Map<String, ArrayDeque<Report>> outstanding = new HashMap<>();
    private int outstandingCount;
    private Call call;
    private Duration backoff = FIRST_BACKOFF;
    private long closedUntilNanos = System.nanoTime();
    private String lastFailure = "";

    FindingsStream(AlertIntakeGrpc.AlertIntakeStub stub, int window, Duration ackTimeout) {
        if (window < 1) {
            throw new IllegalArgumentException("report window must be at least 1");
        }
        this.stub = stub;
        this.window = window;
        this.ackTimeout = ackTimeout;
    }

    /** Sends {@code batch} over the stream once the window allows; emits its ack. */
    Mono<FindingsAck> report(FindingsBatch batch) {
        return Mono.create(sink -> {
            Report report = new Report(batch, sink);
            sink.onCancel(() -> cancelWaiting(report));
            Throwable refused;
            synchronized (this) {
                refused = System.nanoTime() - closedUntilNanos < 0 && call == null
                        ? new FindingsUnavailableException("alert-service stream unavailable: " + lastFailure) : null;
                if (refused == null) {
                    waiting.add(report);
                    drain();
                }
            }
            if (refused != null) {
                sink.error(refused);
            }
        });
    }

    /** Sends waiting reports while the window has room, opening the stream if needed. */
    private void drain() {
        while (outstandingCount < window && !waiting.isEmpty()) {
            if (call == null) {
                call = new Call();
                stub.reportStream(call);
            }
            Report report = waiting.poll();
            outstanding.computeIfAbsent(report.batch.getBatchId(), id -> new ArrayDeque<>()).add(report);
            outstandingCount++;
            Call current = call;
            report.timeout = timer.schedule(() -> fail(current, Status.DEADLINE_EXCEEDED
                    .withDescription("no ack for batch " + report.batch.getBatchId() + " within " + ackTimeout).asRuntimeException()),
                    ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            current.requests.onNext(report.batch);
        }
    }

    private synchronized void cancelWaiting(Report report) {
        waiting.remove(report);
    }

    private void acked(Call from, FindingsAck ack) {
        Report report;
        synchronized (this) {
            if (from != call) {
                return;
            }
            ArrayDeque<Report> sameId = outstanding.get(ack.getBatchId());
            report = sameId == null ? null : sameId.poll();
            if (report == null) {
                return;
            }
            if (sameId.isEmpty()) {
                outstanding.remove(ack.getBatchId());
            }
            outstandingCount--;
            backoff = FIRST_BACKOFF;
            report.timeout.dispose();
            drain();
        }
        if (ack.getErrorCode().isEmpty()) {
            report.sink.success(ack);
        } else {
            report.sink.error(Status.fromCode(Status.Code.valueOf(ack.getErrorCode()))
                    .withDescription(ack.getErrorMessage()).asRuntimeException());
        }
    }

    /** Ends {@code failed} (if it is still the current stream) and fails everything it held. */
    private void fail(Call failed, Throwable cause) {
        List<Report> lost = new ArrayList<>();
        synchronized (this) {
            if (failed != call) {
                return;
            }
            call = null;
            outstanding.values().forEach(lost::addAll);
            outstanding.clear();
            outstandingCount = 0;
            lost.addAll(waiting);
            waiting.clear();
            lastFailure = cause.toString();
            closedUntilNanos = System.nanoTime() + backoff.toNanos();
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        failed.cancel(cause);
        for (Report report : lost) {
            report.timeout();
            report.sink.error(cause);
        }
    }

    /** Cancels the current stream, failing what it holds. */
    void close() {
        Call current;
        synchronized (this) {
            current = call;
        }
        if (current != null) {
            fail(current, Status.CANCELLED.withDescription("analytics is stopping").asRuntimeException());
        }
    }

    private static final class Report {
        final FindingsBatch batch;
        final MonoSink<FindingsAck> sink;
        Disposable timeout;

        Report(FindingsBatch batch, MonoSink<FindingsAck> sink) {
            this.batch = batch;
            this.sink = sink;
        }

        void timeout() {
            if (timeout != null) {
                timeout.dispose();
            }
        }
    }

    /** One gRPC call: the response observer, holding the request side once gRPC hands it over. */
    private final class Call implements ClientResponseObserver<FindingsBatch, FindingsAck> {
        ClientCallStreamObserver<FindingsBatch> requests;

        @Override
        public void beforeStart(ClientCallStreamObserver<FindingsBatch> requests) {
            this.requests = requests;
        }

        @Override
        public void onNext(FindingsAck ack) {
            acked(this, ack);
        }

        @Override
        public void onError(Throwable t) {
            fail(this, t);
        }

        @Override
        public void onCompleted() {
            fail(this, Status.UNAVAILABLE.withDescription("alert-service ended the findings stream").asRuntimeException());
        }

        void cancel(Throwable cause) {
            requests.cancel("findings stream failed", cause);
        }
    }
}
