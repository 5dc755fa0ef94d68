package io.sluice.agent.core;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.sluice.common.proto.ingest.v1.IngestServiceGrpc;
import io.sluice.common.proto.ingest.v1.PushResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Sends serialized batches with ingest's {@code IngestService/Push}, one plaintext channel per
 * endpoint, picked round robin by {@link EndpointPicker} (an endpoint that failed transiently is
 * skipped for a while). The batch bytes the worker encoded go on the wire as they are, gzip
 * compressed when configured. UNAVAILABLE, DEADLINE_EXCEEDED and RESOURCE_EXHAUSTED are
 * transient, and their retry hint ({@code retry-after-ms} trailer or {@code google.rpc.RetryInfo})
 * is passed on; every other status means the batch itself is refused.
 */
public final class GrpcBatchSender implements BatchSender {

    static final Set<Status.Code> TRANSIENT = EnumSet.of(
            Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED);

    /** Trailer in which a server may say how long to wait before retrying. */
    public static final Metadata.Key<String> RETRY_AFTER_MS = Metadata.Key.of("retry-after-ms", Metadata.ASCII_STRING_MARSHALLER);

    private static final long UNHEALTHY_NANOS = TimeUnit.SECONDS.toNanos(5);

    static final MethodDescriptor<byte[], PushResponse> PUSH = MethodDescriptor.<byte[], PushResponse>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(IngestServiceGrpc.getPushMethod().getFullMethodName())
            .setRequestMarshaller(new RawMarshaller())
            .setResponseMarshaller(ProtoUtils.marshaller(PushResponse.getDefaultInstance()))
            .build();

    private final List<ManagedChannel> channels;
    private final EndpointPicker picker;
    private final String compression;

    GrpcBatchSender(List<ManagedChannel> channels, boolean gzip) {
        this.channels = channels;
        this.picker = new EndpointPicker(channels.size(), UNHEALTHY_NANOS);
        this.compression = gzip ? "gzip" : null;
    }

    /** A sender to {@code targets} (e.g. {@code localhost:4317}) without TLS. */
    public static GrpcBatchSender plaintext(List<String> targets, boolean gzip) {
        return new GrpcBatchSender(targets.stream()
                .map(target -> Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build())
                .toList(), gzip);
    }

    /**
     * Tries healthy endpoints in round-robin order until one answers; a transient failure marks
     * the endpoint unhealthy and moves on to the next, within the same deadline.
     */
    @Override
    public SendResult send(byte[] batch, Duration timeout) throws SendException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SendException last = null;
        for (int tries = 0; tries < channels.size(); tries++) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            int index = picker.next();
            try {
                SendResult result = sendTo(channels.get(index), batch, left);
                picker.healthy(index);
                return result;
            } catch (SendException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                picker.unhealthy(index);
                last = e;
                if (e.retryAfterNanos() >= 0) {
                    break;
                }
            }
        }
        throw last != null ? last : new SendException("DEADLINE_EXCEEDED: no time left to send", true, null);
    }

    private SendResult sendTo(ManagedChannel channel, byte[] batch, long timeoutNanos) throws SendException {
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS);
        if (compression != null) {
            options = options.withCompression(compression);
        }
        try {
            PushResponse response = ClientCalls.blockingUnaryCall(channel, PUSH, options, batch);
            return new SendResult(response.getAccepted(), response.getRejected(), response.getError());
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.UNAVAILABLE) {
                // Our own backoff paces the next attempt, not the channel's reconnect backoff
                // (which grows to two minutes and would delay recovery after an outage).
                channel.resetConnectBackoff();
            }
            String description = e.getStatus().getDescription();
            throw new SendException(code + (description == null ? "" : ": " + description), TRANSIENT.contains(code),
                    retryAfterNanos(e), e);
        }
    }

    /** The server's retry hint in nanoseconds, or -1. */
    static long retryAfterNanos(StatusRuntimeException e) {
        Metadata trailers = e.getTrailers();
        if (trailers != null) {
            String millis = trailers.get(RETRY_AFTER_MS);
            if (millis != null) {
                try {
                    return TimeUnit.MILLISECONDS.toNanos(Math.max(0, Long.parseLong(millis.trim())));
                } catch (NumberFormatException ignored) {
                    // A malformed hint is no hint.
                }
            }
        }
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status != null) {
            for (com.google.protobuf.Any detail : status.getDetailsList()) {
                if (detail.is(RetryInfo.class)) {
                    try {
                        com.google.protobuf.Duration delay = detail.unpack(RetryInfo.class).getRetryDelay();
                        return TimeUnit.SECONDS.toNanos(delay.getSeconds()) + delay.getNanos();
                    } catch (InvalidProtocolBufferException ignored) {
                        // A malformed hint is no hint.
                    }
                }
            }
        }
        return -1;
    }

    @Override
    public void close() {
        channels.forEach(ManagedChannel::shutdownNow);
        try {
            for (ManagedChannel channel : channels) {
                channel.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends the worker's already serialized {@code LogBatch} bytes unchanged. */
    private static final class RawMarshaller implements MethodDescriptor.Marshaller<byte[]> {

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
