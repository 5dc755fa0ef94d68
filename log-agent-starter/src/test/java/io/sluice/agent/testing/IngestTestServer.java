package io.sluice.agent.testing;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.sluice.common.proto.ingest.v1.IngestServiceGrpc;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.common.proto.ingest.v1.PushResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real gRPC server on a local port implementing {@code IngestService}: it records every call
 * (idempotency key in arrival order) and every acknowledged batch, and can be told to fail the next
 * calls with a status or to hold calls until released.
 */
public final class IngestTestServer implements AutoCloseable {

    private final Server server;
    private final List<String> attemptKeys = new ArrayList<>();
    private final List<Long> attemptNanos = new ArrayList<>();
    private final List<String> encodings = new ArrayList<>();
    private volatile io.grpc.Metadata failureTrailers;
    private final List<LogBatch> stored = new ArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile Status failure = Status.UNAVAILABLE;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final List<String> authorizations = new ArrayList<>();
    private final List<String> tenants = new ArrayList<>();
    private volatile String requiredKey;
    private volatile String requiredTenant;

    private IngestTestServer(int port, io.grpc.ServerCredentials credentials, boolean readsZstd) {
        try {
            io.grpc.ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, credentials);
            if (readsZstd) {
                builder.decompressorRegistry(io.sluice.common.grpc.GrpcCompression.decompressors());
            }
            this.server = builder
                    .addService(io.grpc.ServerInterceptors.intercept(new Service(), new EncodingRecorder(), new AccessCheck()))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server on a free port reading identity and gzip only (grpc-java's defaults), as an ingest without zstd. */
    public static IngestTestServer start() {
        return new IngestTestServer(0, InsecureServerCredentials.create(), false);
    }

    /** A server on a free port that also reads zstd, as ingest does. */
    public static IngestTestServer startReadingZstd() {
        return new IngestTestServer(0, InsecureServerCredentials.create(), true);
    }

    /** A server on {@code port}. */
    public static IngestTestServer start(int port) {
        return new IngestTestServer(port, InsecureServerCredentials.create(), false);
    }

    /** A server on a free port with these credentials (e.g. TLS). */
    public static IngestTestServer start(io.grpc.ServerCredentials credentials) {
        return new IngestTestServer(0, credentials, false);
    }

    /**
     * From now on answers UNAUTHENTICATED unless a call carries {@code authorization: Bearer <key>},
     * and PERMISSION_DENIED when it names a tenant other than {@code tenant} (null: any tenant);
     * {@code key} null accepts every call, as ingest's bootstrap key does when none is set.
     */
    public void requireAccess(String key, String tenant) {
        requiredKey = key;
        requiredTenant = tenant;
    }

    /** The {@code authorization} header of every call (null when absent). */
    public synchronized List<String> authorizations() {
        return new ArrayList<>(authorizations);
    }

    /** The {@code x-sluice-tenant} header of every call (null when absent). */
    public synchronized List<String> tenants() {
        return new ArrayList<>(tenants);
    }

    /** A port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** gRPC target of this server. */
    public String target() {
        return "localhost:" + port();
    }

    /** Answers the next {@code calls} calls with {@code status} instead of storing the batch. */
    public void failNext(int calls, Status status) {
        failure = status;
        failuresLeft.set(calls);
    }

    /** Answers the next {@code calls} calls with {@code status} and these trailers (e.g. a retry hint). */
    public void failNext(int calls, Status status, io.grpc.Metadata trailers) {
        failureTrailers = trailers;
        failNext(calls, status);
    }

    /** {@code System.nanoTime()} of every call, in arrival order. */
    public synchronized List<Long> attemptNanos() {
        return List.copyOf(attemptNanos);
    }

    /** The {@code grpc-encoding} request header of every call ("identity" when absent). */
    public synchronized List<String> encodings() {
        return List.copyOf(encodings);
    }

    /** Makes calls wait until {@link #release()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    /** Lets held calls (and all later ones) through. */
    public void release() {
        gate.countDown();
    }

    /** Idempotency keys of all calls, failed ones included, in arrival order. */
    public synchronized List<String> attemptKeys() {
        return List.copyOf(attemptKeys);
    }

    /** Batches acknowledged, in arrival order. */
    public synchronized List<LogBatch> storedBatches() {
        return List.copyOf(stored);
    }

    /** Events of the acknowledged batches, in arrival order. */
    public synchronized List<LogEvent> events() {
        return stored.stream().flatMap(b -> b.getEventsList().stream()).toList();
    }

    public synchronized int eventCount() {
        return stored.stream().mapToInt(LogBatch::getEventsCount).sum();
    }

    @Override
    public void close() {
        release();
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Service extends IngestServiceGrpc.IngestServiceImplBase {

        @Override
        public void push(LogBatch request, StreamObserver<PushResponse> responseObserver) {
            synchronized (IngestTestServer.this) {
                attemptKeys.add(request.getIdempotencyKey());
                attemptNanos.add(System.nanoTime());
            }
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                responseObserver.onError(Status.CANCELLED.asRuntimeException());
                return;
            }
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                responseObserver.onError(failure.withDescription("test server told to fail").asRuntimeException(failureTrailers));
                return;
            }
            synchronized (IngestTestServer.this) {
                stored.add(request);
            }
            responseObserver.onNext(PushResponse.newBuilder().setAccepted(request.getEventsCount()).build());
            responseObserver.onCompleted();
        }
    }

    private final class AccessCheck implements io.grpc.ServerInterceptor {

        private final io.grpc.Metadata.Key<String> authorization = io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER);
        private final io.grpc.Metadata.Key<String> tenant = io.grpc.Metadata.Key.of("x-sluice-tenant", io.grpc.Metadata.ASCII_STRING_MARSHALLER);

        @Override
        public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call, io.grpc.Metadata headers,
                io.grpc.ServerCallHandler<Q, R> next) {
            String auth = headers.get(authorization);
            String named = headers.get(tenant);
            synchronized (IngestTestServer.this) {
                authorizations.add(auth);
                tenants.add(named);
            }
            String key = requiredKey;
            String owner = requiredTenant;
            if (key != null && !("Bearer " + key).equals(auth)) {
                call.close(Status.UNAUTHENTICATED.withDescription("the API key is not valid"), new io.grpc.Metadata());
                return new io.grpc.ServerCall.Listener<>() { };
            }
            if (owner != null && named != null && !owner.equals(named)) {
                call.close(Status.PERMISSION_DENIED.withDescription("the key does not belong to tenant " + named),
                        new io.grpc.Metadata());
                return new io.grpc.ServerCall.Listener<>() { };
            }
            return next.startCall(call, headers);
        }
    }

    private final class EncodingRecorder implements io.grpc.ServerInterceptor {

        private final io.grpc.Metadata.Key<String> encoding = io.grpc.Metadata.Key.of("grpc-encoding", io.grpc.Metadata.ASCII_STRING_MARSHALLER);

        @Override
        public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call, io.grpc.Metadata headers,
                io.grpc.ServerCallHandler<Q, R> next) {
            String value = headers.get(encoding);
            synchronized (IngestTestServer.this) {
                encodings.add(value == null ? "identity" : value);
            }
            return next.startCall(call, headers);
        }
    }
}
