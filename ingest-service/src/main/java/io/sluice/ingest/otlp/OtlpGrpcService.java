package io.sluice.ingest.otlp;

import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.sluice.common.event.Timestamps;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.compat.ContentHash;
import io.sluice.ingest.compat.Failure;
import io.sluice.ingest.compat.GrpcFailures;
import io.sluice.ingest.compat.Received;
import io.sluice.ingest.compat.ReceivedMarshaller;
import io.sluice.ingest.compat.TenantGate;
import io.sluice.ingest.intake.Input;
import io.sluice.ingest.intake.Intake;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * OTLP logs over gRPC: {@code opentelemetry.proto.collector.logs.v1.LogsService/Export}, served on
 * the same gRPC server as Sluice's IngestService. Authenticates from the call metadata
 * ({@code authorization: Bearer <key>}), maps the records with {@link OtlpLogMapper} on the
 * parallel scheduler and answers only after the valid ones are durable in the buffer, with
 * {@code partial_success} for rejected records. Unparseable messages get INVALID_ARGUMENT with the
 * parser's reason; a resend of the same message bytes is stored once (content hash). gzip request
 * compression is handled by grpc-java.
 */
public final class OtlpGrpcService implements BindableService {

    private static final Context.Key<Metadata> METADATA = Context.key("sluice-otlp-metadata");

    private final Intake intake;
    private final TenantGate gate;

    /** A service storing through {@code intake} for the tenant {@code gate} authenticates. */
    public OtlpGrpcService(Intake intake, TenantGate gate) {
        this.intake = intake;
        this.gate = gate;
    }

    @Override
    public ServerServiceDefinition bindService() {
        MethodDescriptor<ExportLogsServiceRequest, ExportLogsServiceResponse> generated = LogsServiceGrpc.getExportMethod();
        MethodDescriptor<Received<ExportLogsServiceRequest>, ExportLogsServiceResponse> export = generated.toBuilder(
                new ReceivedMarshaller<>(ExportLogsServiceRequest.parser()), generated.getResponseMarshaller()).build();
        ServiceDescriptor service = ServiceDescriptor.newBuilder(LogsServiceGrpc.SERVICE_NAME)
                .setSchemaDescriptor(LogsServiceGrpc.getServiceDescriptor().getSchemaDescriptor())
                .addMethod(export)
                .build();
        ServerServiceDefinition definition = ServerServiceDefinition.builder(service)
                .addMethod(export, ServerCalls.asyncUnaryCall(this::export))
                .build();
        return ServerInterceptors.intercept(definition, new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                return Contexts.interceptCall(Context.current().withValue(METADATA, headers), call, headers, next);
            }
        });
    }

    void export(Received<ExportLogsServiceRequest> request, StreamObserver<ExportLogsServiceResponse> observer) {
        ServerCallStreamObserver<ExportLogsServiceResponse> call = (ServerCallStreamObserver<ExportLogsServiceResponse>) observer;
        call.setOnCancelHandler(() -> {
        });
        Metadata metadata = METADATA.get();
        gate.tenant(metadata == null ? new Metadata() : metadata)
                .flatMap(tenant -> {
                    if (request.parseError() != null) {
                        return Mono.just(new OtlpAnswers(null, Failure.badRequest(
                                "the request is not a valid ExportLogsServiceRequest: " + request.parseError())));
                    }
                    return Mono.fromCallable(() -> OtlpLogMapper.map(request.message(), Timestamps.toNanos(Instant.now())))
                            .subscribeOn(Schedulers.parallel())
                            .flatMap(events -> store(tenant, events, request.bytes()));
                })
                .subscribe(answer -> answer(call, answer), error -> answer(call, new OtlpAnswers(null, Failure.of(error))));
    }

    private Mono<OtlpAnswers> store(String tenant, List<LogEvent> events, byte[] bytes) {
        if (events.isEmpty()) {
            return Mono.just(OtlpAnswers.empty());
        }
        return intake.submit(Input.OTLP_GRPC, tenant, events, ContentHash.key(Input.OTLP_GRPC, bytes)).map(OtlpAnswers::of);
    }

    private static void answer(ServerCallStreamObserver<ExportLogsServiceResponse> call, OtlpAnswers answer) {
        if (call.isCancelled()) {
            return;
        }
        if (answer.failure() != null) {
            call.onError(GrpcFailures.toException(answer.failure()));
            return;
        }
        call.onNext(answer.response());
        call.onCompleted();
    }
}
