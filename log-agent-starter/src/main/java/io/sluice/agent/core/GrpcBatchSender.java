package io.sluice.agent.core;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Drainable;
import io.grpc.Grpc;
import io.grpc.KnownLength;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.sluice.common.grpc.GrpcCompression;
import io.sluice.common.grpc.ZstdCodec;
import io.sluice.common.proto.ingest.v1.IngestServiceGrpc;
import io.sluice.common.proto.ingest.v1.PushResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Sends serialized batches with ingest's {@code IngestService/Push}, asynchronously: one channel
 * (plaintext or TLS, carrying the API key and tenant as metadata) per endpoint, picked round robin
 * by {@link EndpointPicker} (an endpoint that failed transiently is skipped for a while, and the
 * same batch is tried on the next endpoint within its deadline). The caller's bytes go on the wire
 * as they are, streamed from its buffer (no copy of the batch), compressed as configured (zstd by
 * default, see {@link io.sluice.common.grpc.ZstdCodec}). An endpoint that cannot read zstd (it
 * answers UNIMPLEMENTED "Can't find decompressor for zstd" before reading the message) is sent gzip
 * from then on, with one warning, and the same batch is sent again to it at once.
 * Channels run with gRPC's own retries off, so the buffer is read once per attempt and never after
 * the callback. UNAVAILABLE, DEADLINE_EXCEEDED and RESOURCE_EXHAUSTED are transient, and their
 * retry hint ({@code retry-after-ms} trailer or {@code google.rpc.RetryInfo}) is passed on;
 * UNAUTHENTICATED and PERMISSION_DENIED mean the key or tenant is refused
 * ({@link SendException#isAccessRefused()}); every other status means the batch itself is refused.
 */
public final class GrpcBatchSender implements BatchSender {

    static final Set<Status.Code> TRANSIENT = EnumSet.of(
            Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED);

    /** Trailer in which a server may say how long to wait before retrying. */
    public static final Metadata.Key<String> RETRY_AFTER_MS = Metadata.Key.of("retry-after-ms", Metadata.ASCII_STRING_MARSHALLER);

    private static final long UNHEALTHY_NANOS = TimeUnit.SECONDS.toNanos(5);

    static final MethodDescriptor<Payload, PushResponse> PUSH = MethodDescriptor.<Payload, PushResponse>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(IngestServiceGrpc.getPushMethod().getFullMethodName())
            .setRequestMarshaller(new PayloadMarshaller())
            .setResponseMarshaller(ProtoUtils.marshaller(PushResponse.getDefaultInstance()))
            .build();

    private final List<ManagedChannel> channels;
    private final EndpointPicker picker;
    /** Message encoding per endpoint (null: none); an endpoint falls back from zstd to gzip once. */
    private final AtomicReferenceArray<String> encodings;
    private final AgentDiagnostics diagnostics;

    GrpcBatchSender(List<ManagedChannel> channels, Compression compression, AgentDiagnostics diagnostics) {
        this.channels = channels;
        this.picker = new EndpointPicker(channels.size(), UNHEALTHY_NANOS);
        this.encodings = new AtomicReferenceArray<>(channels.size());
        for (int i = 0; i < channels.size(); i++) {
            encodings.set(i, compression.encoding());
        }
        this.diagnostics = diagnostics;
    }

    /** A sender to {@code targets} (e.g. {@code localhost:4317}) without TLS, key or tenant. */
    public static GrpcBatchSender plaintext(List<String> targets, Compression compression) {
        return connect(targets, compression, AgentConfig.Access.NONE, AgentDiagnostics.NONE);
    }

    /**
     * A sender to {@code targets} over TLS when {@code access} asks for it, attaching its API key
     * ({@code authorization: Bearer <key>}) and tenant ({@code x-sluice-tenant}) to every call.
     *
     * @throws IllegalArgumentException when the trust certificate cannot be read
     */
    public static GrpcBatchSender connect(List<String> targets, Compression compression, AgentConfig.Access access,
            AgentDiagnostics diagnostics) {
        ChannelCredentials credentials = AccessMetadata.channelCredentials(access);
        ClientInterceptor metadata = AccessMetadata.interceptor(access);
        return new GrpcBatchSender(targets.stream()
                .map(target -> Grpc.newChannelBuilder(target, credentials).intercept(metadata).disableRetry()
                        .compressorRegistry(GrpcCompression.compressors())
                        .decompressorRegistry(GrpcCompression.decompressors())
                        .build())
                .toList(), compression, diagnostics);
    }

    /** The message encoding now used towards endpoint {@code index} (null: none). */
    String encoding(int index) {
        return encodings.get(index);
    }

    @Override
    public void send(byte[] batch, int length, long timeoutNanos, Callback callback) {
        new Attempts(new Payload(batch, length), System.nanoTime() + timeoutNanos, callback).next();
    }

    /**
     * The attempts of one batch: the next healthy endpoint after each transient failure without a
     * retry hint, until every endpoint was tried once or the deadline passed.
     */
    private final class Attempts implements StreamObserver<PushResponse> {

        private final Payload payload;
        private final long deadlineNanos;
        private final Callback callback;
        private int tries;
        private int endpoint;
        private PushResponse response;
        /** The message encoding of the current attempt. */
        private String attemptEncoding;
        private final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();

        Attempts(Payload payload, long deadlineNanos, Callback callback) {
            this.payload = payload;
            this.deadlineNanos = deadlineNanos;
            this.callback = callback;
        }

        void next() {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                fail(new SendException("DEADLINE_EXCEEDED: no time left to send", true, null));
                return;
            }
            tries++;
            endpoint = picker.next();
            call(left);
        }

        /** One call to {@link #endpoint} with {@code left} nanoseconds to go. */
        private void call(long left) {
            CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(left, TimeUnit.NANOSECONDS);
            String encoding = encodings.get(endpoint);
            attemptEncoding = encoding;
            if (encoding != null) {
                options = options.withCompression(encoding);
            }
            response = null;
            try {
                ClientCall<Payload, PushResponse> call = channels.get(endpoint).newCall(PUSH, options);
                ClientCalls.asyncUnaryCall(call, payload, this);
            } catch (RuntimeException e) {
                // A call that could not start was cancelled and may also report through onError: answer once.
                fail(new SendException("could not start a call: " + e, true, e));
            }
        }

        private void fail(SendException failure) {
            if (done.compareAndSet(false, true)) {
                callback.failed(failure);
            }
        }

        @Override
        public void onNext(PushResponse value) {
            response = value;
        }

        @Override
        public void onCompleted() {
            picker.healthy(endpoint);
            PushResponse r = response;
            if (done.compareAndSet(false, true)) {
                callback.completed(new SendResult(r.getAccepted(), r.getRejected(), r.getError()));
            }
        }

        @Override
        public void onError(Throwable t) {
            if (done.get()) {
                return;
            }
            if (fellBackToGzip(t, endpoint, attemptEncoding)) {
                long left = deadlineNanos - System.nanoTime();
                if (left > 0) {
                    call(left);
                    return;
                }
            }
            SendException failure = toSendException(t, channels.get(endpoint));
            if (failure.isTransient()) {
                picker.unhealthy(endpoint);
                if (failure.retryAfterNanos() < 0 && tries < channels.size()) {
                    next();
                    return;
                }
            }
            fail(failure);
        }
    }

    /**
     * Whether {@code t} says the endpoint cannot read zstd, in which case that endpoint is switched
     * to gzip (with one warning) and the message was never read, so it can be sent again at once.
     */
    private boolean fellBackToGzip(Throwable t, int endpoint, String attemptEncoding) {
        if (!(t instanceof StatusRuntimeException e) || e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
            return false;
        }
        String description = e.getStatus().getDescription();
        if (description == null || !description.contains("decompressor")) {
            return false;
        }
        if (!ZstdCodec.ENCODING.equals(attemptEncoding)) {
            return false;
        }
        // Calls in flight at the same time all fail the same way: each is resent, one warns.
        if (encodings.compareAndSet(endpoint, ZstdCodec.ENCODING, "gzip")) {
            diagnostics.warn("Sluice agent: ingest at " + channels.get(endpoint).authority() + " cannot read zstd ("
                    + description + "); sending gzip to it from now on", null);
        }
        return true;
    }

    private static SendException toSendException(Throwable t, ManagedChannel channel) {
        if (!(t instanceof StatusRuntimeException e)) {
            Status status = Status.fromThrowable(t);
            return new SendException(status.getCode() + ": " + t, TRANSIENT.contains(status.getCode()), t);
        }
        Status.Code code = e.getStatus().getCode();
        String description = e.getStatus().getDescription();
        String message = code + (description == null ? "" : ": " + description);
        if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
            return SendException.accessRefused(message, e);
        }
        if (code == Status.Code.UNAVAILABLE) {
            // Our own backoff paces the next attempt, not the channel's reconnect backoff
            // (which grows to two minutes and would delay recovery after an outage).
            channel.resetConnectBackoff();
        }
        return new SendException(message, TRANSIENT.contains(code), retryAfterNanos(e), e);
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

    /** The first {@code length} bytes of a batch buffer the agent owns. */
    record Payload(byte[] bytes, int length) {
    }

    /**
     * Streams a {@link Payload} to gRPC's framer straight from the agent's buffer: {@link Drainable}
     * lets the framer copy it in one write, {@link KnownLength} spares it a size probe.
     */
    private static final class PayloadMarshaller implements MethodDescriptor.Marshaller<Payload> {

        @Override
        public InputStream stream(Payload value) {
            return new PayloadStream(value);
        }

        @Override
        public Payload parse(InputStream stream) {
            try {
                byte[] bytes = stream.readAllBytes();
                return new Payload(bytes, bytes.length);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static final class PayloadStream extends InputStream implements Drainable, KnownLength {

        private final Payload payload;
        private int position;

        PayloadStream(Payload payload) {
            this.payload = payload;
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int n = payload.length() - position;
            target.write(payload.bytes(), position, n);
            position = payload.length();
            return n;
        }

        @Override
        public int available() {
            return payload.length() - position;
        }

        @Override
        public int read() {
            return position < payload.length() ? payload.bytes()[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = Math.min(len, payload.length() - position);
            if (n <= 0) {
                return len == 0 ? 0 : -1;
            }
            System.arraycopy(payload.bytes(), position, b, off, n);
            position += n;
            return n;
        }
    }
}
