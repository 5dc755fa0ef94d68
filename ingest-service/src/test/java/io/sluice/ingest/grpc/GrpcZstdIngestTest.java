package io.sluice.ingest.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.sluice.common.grpc.GrpcCompression;
import io.sluice.common.proto.ingest.v1.IngestServiceGrpc;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.common.proto.ingest.v1.PushResponse;
import io.sluice.ingest.auth.ApiKeys;
import io.sluice.ingest.support.RunningIngest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** zstd-compressed {@code IngestService/Push} calls against a running ingest-service and the real Redis. */
class GrpcZstdIngestTest {

    private static final long T0 = 1_764_000_000_000_000_000L;
    private static RunningIngest ingest;
    private static ManagedChannel channel;
    private static final List<String> acceptEncodings = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        ingest = RunningIngest.start(Map.of());
        channel = NettyChannelBuilder.forAddress("127.0.0.1", ingest.grpcPort()).usePlaintext()
                .compressorRegistry(GrpcCompression.compressors())
                .decompressorRegistry(GrpcCompression.decompressors())
                .build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        ingest.close();
    }

    @Test
    void storesAZstdCompressedBatchAndAdvertisesZstd() {
        ingest.clearKeys();
        LogBatch batch = LogBatch.newBuilder()
                .addAllEvents(IntStream.range(0, 300).mapToObj(i -> event("user u-" + i + " checked out order " + (4711 + i))).toList())
                .build();

        PushResponse response = IngestServiceGrpc.newBlockingStub(recording(channel))
                .withCompression("zstd")
                .withDeadlineAfter(60, TimeUnit.SECONDS)
                .push(batch);

        assertThat(response.getAccepted()).isEqualTo(300);
        assertThat(ingest.storedEvents()).extracting(LogEvent::getMessage)
                .containsExactlyElementsOf(batch.getEventsList().stream().map(LogEvent::getMessage).toList());
        assertThat(acceptEncodings).last().asString().contains("zstd").contains("gzip");
    }

    @Test
    void stillStoresGzipBatches() {
        ingest.clearKeys();
        LogBatch batch = LogBatch.newBuilder().addEvents(event("gzip still works")).build();

        PushResponse response = IngestServiceGrpc.newBlockingStub(recording(channel))
                .withCompression("gzip")
                .withDeadlineAfter(60, TimeUnit.SECONDS)
                .push(batch);

        assertThat(response.getAccepted()).isEqualTo(1);
        assertThat(ingest.storedEvents()).extracting(LogEvent::getMessage).containsExactly("gzip still works");
    }

    private static Channel recording(Channel channel) {
        Metadata metadata = new Metadata();
        metadata.put(ApiKeys.GRPC_AUTHORIZATION, "Bearer " + ingest.apiKey());
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(metadata), new HeaderRecorder());
    }

    private static LogEvent event(String message) {
        return LogEvent.newBuilder().setTimestampUnixNanos(T0).setService("zstd-test").setHost("h").setLevel("INFO")
                .setMessage(message).build();
    }

    /** Records the server's {@code grpc-accept-encoding} response header. */
    private static final class HeaderRecorder implements ClientInterceptor {

        private static final Metadata.Key<String> ACCEPT = Metadata.Key.of("grpc-accept-encoding", Metadata.ASCII_STRING_MARSHALLER);

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                        @Override
                        public void onHeaders(Metadata received) {
                            String accept = received.get(ACCEPT);
                            if (accept != null) {
                                acceptEncodings.add(accept);
                            }
                            super.onHeaders(received);
                        }
                    }, headers);
                }
            };
        }
    }
}
