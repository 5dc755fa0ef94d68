package io.sluice.ingest.grpc;

import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.sluice.common.proto.ingest.v1.EventError;
import io.sluice.common.proto.ingest.v1.IngestServiceGrpc;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.PushResponse;
import io.sluice.ingest.buffer.BufferUnavailableException;
import io.sluice.ingest.intake.Input;
import io.sluice.ingest.intake.Intake;
import io.sluice.ingest.intake.IntakeResult;
import io.sluice.ingest.validate.Rejection;
import java.util.List;

/**
 * {@code sluice.ingest.v1.IngestService/Push}: validates a batch and answers only once its valid
 * events are durable in the buffer, with partial success counts. A batch that is empty, too large,
 * not a valid LogBatch (e.g. invalid UTF-8) or has no valid event gets INVALID_ARGUMENT; a buffer
 * failure gets UNAVAILABLE. The call thread only validates and starts the Redis write; the answer
 * is sent from the write's completion callback, so no thread waits for Redis.
 */
public final class GrpcIngestService implements BindableService {

    private static final int MAX_REASONS_IN_MESSAGE = 10;
    private static final int MAX_MESSAGE_CHARS = 2000;

    private final Intake intake;

    /** A service storing through {@code intake}. */
    public GrpcIngestService(Intake intake) {
        this.intake = intake;
    }

    /**
     * The generated service definition with Push's request marshaller replaced by one that reports
     * unparseable messages to {@link #push} (see {@link PushRequestMarshaller}).
     */
    @Override
    public ServerServiceDefinition bindService() {
        MethodDescriptor<LogBatch, PushResponse> generated = IngestServiceGrpc.getPushMethod();
        MethodDescriptor<PushRequest, PushResponse> push = generated.toBuilder(
                new PushRequestMarshaller(generated.getRequestMarshaller()), generated.getResponseMarshaller()).build();
        ServiceDescriptor service = ServiceDescriptor.newBuilder(IngestServiceGrpc.SERVICE_NAME)
                .setSchemaDescriptor(IngestServiceGrpc.getServiceDescriptor().getSchemaDescriptor())
                .addMethod(push)
                .build();
        return ServerServiceDefinition.builder(service)
                .addMethod(push, ServerCalls.asyncUnaryCall(this::push))
                .build();
    }

    void push(PushRequest request, StreamObserver<PushResponse> observer) {
        ServerCallStreamObserver<PushResponse> call = (ServerCallStreamObserver<PushResponse>) observer;
        call.setOnCancelHandler(() -> {
        });
        if (request.parseError() != null) {
            call.onError(Status.INVALID_ARGUMENT
                    .withDescription("request is not a valid LogBatch: " + request.parseError())
                    .asRuntimeException());
            return;
        }
        LogBatch batch = request.batch();
        intake.submit(Input.GRPC, batch.getEventsList(), batch.getIdempotencyKey().strip())
                .subscribe(result -> answer(call, result), error -> fail(call, error));
    }

    private static void answer(ServerCallStreamObserver<PushResponse> call, IntakeResult result) {
        if (call.isCancelled()) {
            return;
        }
        if (result instanceof IntakeResult.Refused refused) {
            String description = refused.rejected().isEmpty() ? refused.error() : refused.error() + ": " + summary(refused.rejected());
            call.onError(Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException());
            return;
        }
        IntakeResult.Stored stored = (IntakeResult.Stored) result;
        PushResponse.Builder response = PushResponse.newBuilder()
                .setAccepted(stored.accepted())
                .setRejected(stored.rejected().size());
        if (!stored.rejected().isEmpty()) {
            response.setError(stored.rejected().size() + " of " + (stored.accepted() + stored.rejected().size())
                    + " events rejected: " + summary(stored.rejected()));
        }
        for (Rejection rejection : stored.rejected()) {
            response.addErrors(EventError.newBuilder().setIndex(rejection.index()).setReason(rejection.reason()));
        }
        call.onNext(response.build());
        call.onCompleted();
    }

    /** Trailer telling a client how long to wait before retrying (milliseconds). */
    static final Metadata.Key<String> RETRY_AFTER_MS = Metadata.Key.of("retry-after-ms", Metadata.ASCII_STRING_MARSHALLER);
    static final long BUFFER_RETRY_AFTER_MILLIS = 1000;

    private static void fail(ServerCallStreamObserver<PushResponse> call, Throwable error) {
        if (call.isCancelled()) {
            return;
        }
        if (error instanceof BufferUnavailableException) {
            // The same hint HTTP clients get as Retry-After: the agent waits this long before resending.
            Metadata trailers = new Metadata();
            trailers.put(RETRY_AFTER_MS, Long.toString(BUFFER_RETRY_AFTER_MILLIS));
            call.onError(Status.UNAVAILABLE.withDescription(error.getMessage()).withCause(error).asRuntimeException(trailers));
            return;
        }
        call.onError(Status.INTERNAL.withDescription("ingest failed: " + error).withCause(error).asRuntimeException());
    }

    /** The first reasons of {@code rejections}, short enough for a status message. */
    static String summary(List<Rejection> rejections) {
        StringBuilder text = new StringBuilder();
        int shown = 0;
        for (Rejection rejection : rejections) {
            if (shown == MAX_REASONS_IN_MESSAGE || text.length() + rejection.reason().length() > MAX_MESSAGE_CHARS) {
                break;
            }
            text.append(shown == 0 ? "" : "; ").append(rejection.reason());
            shown++;
        }
        if (shown < rejections.size()) {
            text.append(shown == 0 ? "" : "; ").append("and ").append(rejections.size() - shown).append(" more");
        }
        return text.toString();
    }
}
