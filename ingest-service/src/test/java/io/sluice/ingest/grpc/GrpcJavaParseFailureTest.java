package io.sluice.ingest.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.sluice.common.proto.ingest.v1.IngestServiceGrpc;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.PushResponse;
import io.sluice.ingest.support.RawPush;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Why {@link PushRequestMarshaller} exists: with the generated service binding, grpc-java answers a
 * request whose bytes do not parse (here: a string field that is not UTF-8) with UNKNOWN and no
 * hint of the cause. If a grpc-java upgrade changes this, the marshaller may be simplified.
 */
class GrpcJavaParseFailureTest {

    @Test
    void theGeneratedBindingAnswersUnknownWithoutTheCauseWhenAStringFieldIsNotUtf8() throws Exception {
        Server server = NettyServerBuilder.forPort(0).addService(new IngestServiceGrpc.IngestServiceImplBase() {
            @Override
            public void push(LogBatch request, StreamObserver<PushResponse> responseObserver) {
                responseObserver.onNext(PushResponse.newBuilder().setAccepted(request.getEventsCount()).build());
                responseObserver.onCompleted();
            }
        }).build().start();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        try {
            assertThatThrownBy(() -> RawPush.call(channel, RawPush.batchWithMessageBytes(new byte[] {(byte) 0xC3, '('})))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
                        assertThat(e.getStatus().getDescription()).isEqualTo("Application error processing RPC");
                    });
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
