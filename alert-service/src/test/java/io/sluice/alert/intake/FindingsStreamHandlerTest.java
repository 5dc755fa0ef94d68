package io.sluice.alert.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.stub.ServerCallStreamObserver;
import io.sluice.common.proto.alert.v1.FindingsAck;
import io.sluice.common.proto.alert.v1.FindingsBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The flow control of one {@code ReportStream}: the handler asks gRPC for {@code concurrency}
 * batches, then for one more per ack sent, so received-but-unacknowledged batches never exceed it;
 * acks go out in order of completion, and the call completes after the last ack.
 */
class FindingsStreamHandlerTest {

    private final Map<String, Sinks.One<FindingsAck>> handling = new HashMap<>();
    private final AlertIntakeService intake = new AlertIntakeService(null, null, null, null) {
        @Override
        Mono<FindingsAck> ack(FindingsBatch batch) {
            Sinks.One<FindingsAck> sink = Sinks.one();
            handling.put(batch.getBatchId(), sink);
            return sink.asMono();
        }
    };
    private final RecordingResponses out = new RecordingResponses();

    @Test
    void requestsOnlyAsManyBatchesAsItHandlesAtOnceAndOneMorePerAck() {
        FindingsStreamHandler handler = new FindingsStreamHandler(intake, out, 3);
        assertThat(out.autoRequest).isFalse();
        assertThat(out.requested).isEqualTo(3);

        handler.onNext(batch("a"));
        handler.onNext(batch("b"));
        handler.onNext(batch("c"));
        assertThat(out.requested).as("nothing more until an ack is out").isEqualTo(3);

        complete("b", true);
        complete("a", false);
        assertThat(out.acks).extracting(FindingsAck::getBatchId).containsExactly("b", "a");
        assertThat(out.acks).extracting(FindingsAck::getApplied).containsExactly(true, false);
        assertThat(out.requested).isEqualTo(5);
    }

    @Test
    void completesTheCallOnlyAfterTheLastAckOnceTheClientHalfClosed() {
        FindingsStreamHandler handler = new FindingsStreamHandler(intake, out, 2);
        handler.onNext(batch("a"));
        handler.onCompleted();
        assertThat(out.completed).isFalse();

        complete("a", true);

        assertThat(out.acks).extracting(FindingsAck::getBatchId).containsExactly("a");
        assertThat(out.completed).isTrue();
    }

    @Test
    void sendsNothingAfterTheClientCancelled() {
        FindingsStreamHandler handler = new FindingsStreamHandler(intake, out, 2);
        handler.onNext(batch("a"));
        out.onCancel.run();

        complete("a", true);

        assertThat(out.acks).isEmpty();
    }

    private void complete(String id, boolean applied) {
        handling.get(id).tryEmitValue(FindingsAck.newBuilder().setBatchId(id).setApplied(applied).build());
    }

    private static FindingsBatch batch(String id) {
        return FindingsBatch.newBuilder().setBatchId(id).build();
    }

    /** The response side of a call, recording what the handler does with it. */
    private static final class RecordingResponses extends ServerCallStreamObserver<FindingsAck> {
        final List<FindingsAck> acks = new ArrayList<>();
        int requested;
        boolean autoRequest = true;
        boolean completed;
        Runnable onCancel;

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public void setOnCancelHandler(Runnable onCancelHandler) {
            this.onCancel = onCancelHandler;
        }

        @Override
        public void setCompression(String compression) {
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setOnReadyHandler(Runnable onReadyHandler) {
        }

        @Override
        public void disableAutoInboundFlowControl() {
            autoRequest = false;
        }

        @Override
        public void disableAutoRequest() {
            autoRequest = false;
        }

        @Override
        public void request(int count) {
            requested += count;
        }

        @Override
        public void setMessageCompression(boolean enable) {
        }

        @Override
        public void onNext(FindingsAck value) {
            acks.add(value);
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
            completed = true;
        }
    }
}
