package io.sluice.bench;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.sluice.common.proto.ingest.v1.IngestServiceGrpc;
import io.sluice.common.proto.ingest.v1.PushResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real grpc-java server in the benchmark's JVM that answers {@code IngestService/Push} like
 * ingest does ({@code accepted} = the batch's event count) but stores nothing: the fairest
 * "no-op" destination for the Sluice agent, which still encodes, compresses and sends every batch
 * over a real HTTP/2 connection. Optionally paced to a fixed number of events per second, to put
 * the agent under overload. Its threads are named {@code bench-sink-*} so allocation can be told
 * apart from the agent's.
 */
final class IngestSink implements AutoCloseable {

    private final Server server;
    private final NioEventLoopGroup eventLoops;
    private final ExecutorService executor;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();

    private IngestSink(Pacer pacer) {
        MethodDescriptor<Integer, PushResponse> push = IngestServiceGrpc.getPushMethod().toBuilder(
                new BatchEventCount(), ProtoUtils.marshaller(PushResponse.getDefaultInstance())).build();
        ServerServiceDefinition service = ServerServiceDefinition.builder(IngestServiceGrpc.SERVICE_NAME)
                .addMethod(push, ServerCalls.asyncUnaryCall((count, observer) -> {
                    if (pacer != null) {
                        pacer.acquire(count);
                    }
                    events.addAndGet(count);
                    batches.incrementAndGet();
                    observer.onNext(PushResponse.newBuilder().setAccepted(count).build());
                    observer.onCompleted();
                }))
                .build();
        eventLoops = new NioEventLoopGroup(1, new DefaultThreadFactory("bench-sink-io", true));
        executor = Executors.newCachedThreadPool(new DefaultThreadFactory("bench-sink-call", true));
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .bossEventLoopGroup(eventLoops)
                .workerEventLoopGroup(eventLoops)
                .channelType(NioServerSocketChannel.class)
                .executor(executor)
                .maxInboundMessageSize(64 * 1024 * 1024)
                // Reads zstd as ingest does (identity, gzip and zstd).
                .decompressorRegistry(io.sluice.common.grpc.GrpcCompression.decompressors())
                .addService(service)
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sink that accepts everything as fast as it arrives. */
    static IngestSink discarding() {
        return new IngestSink(null);
    }

    /** A sink that accepts at most {@code eventsPerSecond}; Push calls wait for their turn. */
    static IngestSink paced(double eventsPerSecond) {
        return new IngestSink(new Pacer(eventsPerSecond));
    }

    /** {@code 127.0.0.1:port}, for the agent's endpoint setting. */
    String endpoint() {
        return "127.0.0.1:" + server.getPort();
    }

    /** Events acknowledged so far. */
    long events() {
        return events.get();
    }

    /** Push calls acknowledged so far. */
    long batches() {
        return batches.get();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
        eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
