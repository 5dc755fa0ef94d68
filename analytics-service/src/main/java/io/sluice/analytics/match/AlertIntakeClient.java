package io.sluice.analytics.match;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.sluice.common.proto.alert.v1.AlertIntakeGrpc;
import io.sluice.common.proto.alert.v1.FindingsAck;
import io.sluice.common.proto.alert.v1.FindingsBatch;
import io.sluice.common.proto.alert.v1.ListMatchersRequest;
import io.sluice.common.proto.alert.v1.ListMatchersResponse;
import io.sluice.common.proto.alert.v1.RuleMatcher;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.springframework.beans.factory.DisposableBean;
import reactor.core.publisher.Mono;

/**
 * Non-blocking client of alert-service's {@code AlertIntake}: {@code ListMatchers} uses the async
 * stub with a deadline; reports go over one long-lived, flow-controlled {@code ReportStream}
 * ({@link FindingsStream}, at most {@code window} batches unacknowledged). Every result completes a
 * {@link Mono} from gRPC's callback, so no thread waits for an answer. Owns its channel and shuts
 * it down with the application.
 */
public class AlertIntakeClient implements DisposableBean {

    private final ManagedChannel channel;
    private final AlertIntakeGrpc.AlertIntakeStub stub;
    private final Duration timeout;
    private final FindingsStream stream;

    /** Connects (lazily) to {@code target}, e.g. {@code static://localhost:9317}, in plaintext, with a report window of 64. */
    public AlertIntakeClient(String target, Duration timeout) {
        this(target, timeout, 64);
    }

    /**
     * Connects (lazily) to {@code target} in plaintext; {@code timeout} bounds a call and the wait
     * for one report's ack, {@code window} is the most reports sent and not yet acknowledged.
     */
    public AlertIntakeClient(String target, Duration timeout, int window) {
        this.channel = ManagedChannelBuilder.forTarget(address(target)).usePlaintext().build();
        this.stub = AlertIntakeGrpc.newStub(channel);
        this.timeout = timeout;
        this.stream = new FindingsStream(stub, window, timeout);
    }

    /** The matchers of every enabled rule. */
    public Mono<List<RuleMatcher>> listMatchers() {
        return this.<ListMatchersResponse>call((s, o) -> s.listMatchers(ListMatchersRequest.getDefaultInstance(), o))
                .map(ListMatchersResponse::getMatchersList);
    }

    /**
     * Reports one batch over the findings stream, waiting (without a thread) while the window is
     * full; true when alert-service applied it, false for a duplicate. Fails when the stream fails
     * before this batch's ack arrived, or when alert-service answers it with an error ack.
     */
    public Mono<Boolean> report(FindingsBatch batch) {
        return stream.report(batch).map(FindingsAck::getApplied);
    }

    private <T> Mono<T> call(BiConsumer<AlertIntakeGrpc.AlertIntakeStub, StreamObserver<T>> invocation) {
        return Mono.create(sink -> invocation.accept(stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS), new StreamObserver<T>() {
            @Override
            public void onNext(T value) {
                sink.success(value);
            }

            @Override
            public void onError(Throwable t) {
                sink.error(t);
            }

            @Override
            public void onCompleted() {
                sink.success();
            }
        }));
    }

    /**
     * The grpc-java target for a Spring gRPC style address: {@code static://host:port} and
     * {@code tcp://host:port} become {@code host:port}; anything else is passed on unchanged.
     */
    static String address(String target) {
        for (String scheme : new String[] {"static://", "tcp://"}) {
            if (target.startsWith(scheme)) {
                return target.substring(scheme.length());
            }
        }
        return target;
    }

    @Override
    public void destroy() throws InterruptedException {
        stream.close();
        channel.shutdown();
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
            channel.shutdownNow();
        }
    }
}
