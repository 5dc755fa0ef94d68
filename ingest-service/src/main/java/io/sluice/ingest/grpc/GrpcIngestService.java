package io.sluice.ingest.grpc;

import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.sluice.common.proto.ingest.v1.EventError;
import io.sluice.common.proto.ingest.v1.IngestServiceGrpc;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.PushResponse;
import io.sluice.ingest.auth.GrpcCredentials;
import io.sluice.ingest.auth.TenantAuthenticator;
import io.sluice.ingest.buffer.BufferUnavailableException;
import io.sluice.ingest.intake.Input;
import io.sluice.ingest.intake.Intake;
import io.sluice.ingest.intake.IntakeResult;
import io.sluice.ingest.validate.Rejection;
import io.sluice.ingest.validate.Rejections;
import reactor.core.publisher.Mono;

/**
 * {@code sluice.ingest.v1.IngestService/Push}: authenticates the call's API key (metadata, see
 * {@link GrpcCredentials}), validates the batch and answers only once its valid events are durable
 * in the buffer under the key's tenant, with partial success counts. A missing or unknown key gets
 * UNAUTHENTICATED, a key used for another tenant PERMISSION_DENIED, and nothing is stored. A batch
 * that is empty, too large, not a valid LogBatch (e.g. invalid UTF-8) or has no valid event gets
 * INVALID_ARGUMENT; a buffer failure gets UNAVAILABLE. With the key cached, the call thread
 * validates and starts the Redis write; after a key lookup in MySQL that continues on Reactor's
 * parallel scheduler. The answer is sent from the write's completion callback, so no thread waits
 * for Redis or MySQL.
 */
public final class GrpcIngestService implements BindableService {


    private final Intake intake;
    private final TenantAuthenticator authenticator;

    /** A service storing through {@code intake} for the tenant {@code authenticator} finds for each call's key. */
    public GrpcIngestService(Intake intake, TenantAuthenticator authenticator) {
        this.intake = intake;
        this.authenticator = authenticator;
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
        GrpcCredentials.tenant(authenticator)
                .flatMap(tenant -> {
                    if (request.parseError() != null) {
                        return Mono.error(Status.INVALID_ARGUMENT
                                .withDescription("request is not a valid LogBatch: " + request.parseError())
                                .asRuntimeException());
                    }
                    LogBatch batch = request.batch();
                    return intake.submit(Input.GRPC, tenant, batch.getEventsList(), request.received(), batch.getIdempotencyKey().strip());
                })
                .subscribe(result -> answer(call, result), error -> fail(call, error));
    }

    private static void answer(ServerCallStreamObserver<PushResponse> call, IntakeResult result) {
        if (call.isCancelled()) {
            return;
        }
        if (result instanceof IntakeResult.Refused refused) {
            String description = refused.rejected().isEmpty() ? refused.error() : refused.error() + ": " + Rejections.summary(refused.rejected());
            call.onError(Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException());
            return;
        }
        if (result instanceof IntakeResult.Limited limited) {
            Metadata trailers = new Metadata();
            trailers.put(RETRY_AFTER_MS, Long.toString(Math.max(1, limited.retryAfter().toMillis())));
            call.onError(Status.RESOURCE_EXHAUSTED.withDescription(limited.error()).asRuntimeException(trailers));
            return;
        }
        IntakeResult.Stored stored = (IntakeResult.Stored) result;
        PushResponse.Builder response = PushResponse.newBuilder()
                .setAccepted(stored.accepted())
                .setRejected(stored.rejected().size());
        if (!stored.rejected().isEmpty()) {
            response.setError(stored.rejected().size() + " of " + (stored.accepted() + stored.rejected().size())
                    + " events rejected: " + Rejections.summary(stored.rejected()));
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
        if (error instanceof StatusRuntimeException refusal) {
            call.onError(refusal);
            return;
        }
        Status auth = GrpcCredentials.status(error);
        if (auth != null) {
            Metadata trailers = new Metadata();
            if (auth.getCode() == Status.Code.UNAVAILABLE) {
                trailers.put(RETRY_AFTER_MS, Long.toString(BUFFER_RETRY_AFTER_MILLIS));
            }
            call.onError(auth.asRuntimeException(trailers));
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

}
