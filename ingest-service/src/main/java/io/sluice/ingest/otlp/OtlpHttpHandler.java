package io.sluice.ingest.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.sluice.common.event.Timestamps;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.compat.CompressedBody;
import io.sluice.ingest.compat.ContentHash;
import io.sluice.ingest.compat.Failure;
import io.sluice.ingest.compat.TenantGate;
import io.sluice.ingest.http.RequestProblem;
import io.sluice.ingest.http.Utf8Body;
import io.sluice.ingest.intake.Input;
import io.sluice.ingest.intake.Intake;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * OTLP/HTTP logs: {@code POST /v1/logs} with an {@code ExportLogsServiceRequest} as binary protobuf
 * ({@code application/x-protobuf}) or OTLP/JSON ({@code application/json}), optionally gzip
 * compressed. Answers in the request's encoding: 200 with {@code ExportLogsServiceResponse}
 * (partial success for rejected records) once the valid records are durable; otherwise a
 * {@code google.rpc.Status} with 400 (undecodable), 401 (no or unknown key), 403 (X-Scope-OrgID
 * of another tenant), 413 (too large), 415 (other content type), 429 / 503 with Retry-After.
 * Decoding runs on the parallel scheduler; a resend of the same body is stored once.
 */
public final class OtlpHttpHandler {

    /** Path of OTLP/HTTP logs. */
    public static final String PATH = "/v1/logs";

    private static final MediaType PROTOBUF = MediaType.parseMediaType("application/x-protobuf");
    private static final MediaType PROTOBUF_ALIAS = MediaType.parseMediaType("application/protobuf");

    private final Intake intake;
    private final TenantGate gate;
    private final CompressedBody body;
    private final OtlpJson json;

    /** A handler storing through {@code intake}, bodies up to {@code maxRequestBytes}. */
    public OtlpHttpHandler(Intake intake, TenantGate gate, JsonMapper json, long maxRequestBytes) {
        this.intake = intake;
        this.gate = gate;
        this.body = new CompressedBody(maxRequestBytes);
        this.json = new OtlpJson(json);
    }

    /** The route of this handler. */
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route().POST(PATH, this::export).build();
    }

    Mono<ServerResponse> export(ServerRequest request) {
        HttpHeaders headers = request.headers().asHttpHeaders();
        boolean isJson = isJson(headers);
        boolean supported = isJson || isProtobuf(headers);
        // The body is read before anything is answered: Reactor Netty can stop reading a keep-alive
        // connection whose response completed while request content was still arriving.
        return body.read(request)
                .flatMap(raw -> supported ? gate.tenant(headers).publishOn(Schedulers.parallel()).flatMap(tenant -> store(tenant, headers, raw, isJson))
                        : Mono.just(new OtlpAnswers(null, new Failure(HttpStatus.UNSUPPORTED_MEDIA_TYPE, io.grpc.Status.Code.INVALID_ARGUMENT,
                                "Content-Type must be application/x-protobuf or application/json (OTLP/HTTP)", null))))
                .onErrorResume(error -> Mono.just(new OtlpAnswers(null, Failure.of(error))))
                .flatMap(answer -> answer.failure() != null ? failure(answer.failure(), isJson) : reply(HttpStatus.OK, answer.response(), isJson, null));
    }

    private Mono<OtlpAnswers> store(String tenant, HttpHeaders headers, byte[] raw, boolean isJson) {
        byte[] bytes = body.decode(headers, raw);
        List<LogEvent> events = OtlpLogMapper.map(parse(bytes, isJson), Timestamps.toNanos(Instant.now()));
        if (events.isEmpty()) {
            return Mono.just(OtlpAnswers.empty());
        }
        return intake.submit(Input.OTLP_HTTP, tenant, events, ContentHash.key(Input.OTLP_HTTP, bytes)).map(OtlpAnswers::of);
    }

    private ExportLogsServiceRequest parse(byte[] bytes, boolean isJson) {
        if (isJson) {
            return json.parse(Utf8Body.decode(bytes));
        }
        try {
            return ExportLogsServiceRequest.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new RequestProblem(HttpStatus.BAD_REQUEST, "the body is not a valid protobuf ExportLogsServiceRequest: " + e.getMessage());
        }
    }

    private static Mono<ServerResponse> failure(Failure failure, boolean isJson) {
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(failure.grpc().value())
                .setMessage(failure.message())
                .build();
        return reply(failure.status(), status, isJson, failure.retryAfter() == null ? null : failure.retryAfterSeconds());
    }

    private static Mono<ServerResponse> reply(HttpStatus status, Message message, boolean isJson, String retryAfter) {
        ServerResponse.BodyBuilder response = ServerResponse.status(status)
                .contentType(isJson ? MediaType.APPLICATION_JSON : PROTOBUF);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        if (status == HttpStatus.CONTENT_TOO_LARGE) {
            // Refused on its declared length, the body may still be unread: do not reuse the connection.
            response.header(HttpHeaders.CONNECTION, "close");
        }
        return response.bodyValue(isJson ? OtlpJson.print(message).getBytes(java.nio.charset.StandardCharsets.UTF_8) : message.toByteArray());
    }

    private static boolean isJson(HttpHeaders headers) {
        MediaType type = contentType(headers);
        return type != null && MediaType.APPLICATION_JSON.isCompatibleWith(type);
    }

    private static boolean isProtobuf(HttpHeaders headers) {
        MediaType type = contentType(headers);
        return type != null && (PROTOBUF.isCompatibleWith(type) || PROTOBUF_ALIAS.isCompatibleWith(type));
    }

    private static MediaType contentType(HttpHeaders headers) {
        try {
            return headers.getContentType();
        } catch (InvalidMediaTypeException e) {
            return null;
        }
    }
}
