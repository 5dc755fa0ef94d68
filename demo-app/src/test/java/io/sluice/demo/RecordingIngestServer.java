package io.sluice.demo;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import io.sluice.common.proto.ingest.v1.IngestServiceGrpc;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.common.proto.ingest.v1.PushResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real gRPC server on a free local port that acknowledges and records every batch it is pushed. */
final class RecordingIngestServer implements AutoCloseable {

    private final List<LogBatch> batches = new ArrayList<>();
    private final Server server;

    RecordingIngestServer() {
        try {
            server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                    .addService(new IngestServiceGrpc.IngestServiceImplBase() {
                        @Override
                        public void push(LogBatch request, StreamObserver<PushResponse> responseObserver) {
                            synchronized (batches) {
                                batches.add(request);
                            }
                            responseObserver.onNext(PushResponse.newBuilder().setAccepted(request.getEventsCount()).build());
                            responseObserver.onCompleted();
                        }
                    })
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getPort();
    }

    List<LogEvent> events() {
        synchronized (batches) {
            return batches.stream().flatMap(b -> b.getEventsList().stream()).toList();
        }
    }

    List<String> idempotencyKeys() {
        synchronized (batches) {
            return batches.stream().map(LogBatch::getIdempotencyKey).toList();
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
