package io.sluice.agent.core;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sluice.common.proto.ingest.v1.IngestServiceGrpc;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.PushResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Sends batches with ingest's {@code IngestService/Push} over one gRPC channel (blocking stub,
 * a deadline per call). UNAVAILABLE, DEADLINE_EXCEEDED and RESOURCE_EXHAUSTED are transient;
 * every other status means the batch itself is refused.
 */
public final class GrpcBatchSender implements BatchSender {

    static final Set<Status.Code> TRANSIENT = EnumSet.of(
            Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED);

    private final ManagedChannel channel;
    private final IngestServiceGrpc.IngestServiceBlockingStub stub;

    GrpcBatchSender(ManagedChannel channel) {
        this.channel = channel;
        this.stub = IngestServiceGrpc.newBlockingStub(channel);
    }

    /** A sender to {@code target} (e.g. {@code localhost:4317}) without TLS. */
    public static GrpcBatchSender plaintext(String target) {
        return new GrpcBatchSender(Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build());
    }

    @Override
    public SendResult send(LogBatch batch, Duration timeout) throws SendException {
        try {
            PushResponse response = stub.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS).push(batch);
            return new SendResult(response.getAccepted(), response.getRejected(), response.getError());
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.UNAVAILABLE) {
                // The next attempt is paced by our own backoff, not by the channel's reconnect
                // backoff (which grows to two minutes and would delay recovery after an outage).
                channel.resetConnectBackoff();
            }
            String description = e.getStatus().getDescription();
            throw new SendException(code + (description == null ? "" : ": " + description), TRANSIENT.contains(code), e);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
