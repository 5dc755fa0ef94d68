package io.sluice.ingest.http;

import io.sluice.ingest.IngestProperties;
import io.sluice.ingest.buffer.BufferUnavailableException;
import io.sluice.ingest.intake.Input;
import io.sluice.ingest.intake.Intake;
import io.sluice.ingest.intake.IntakeResult;
import io.sluice.ingest.validate.EventValidator;
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
 * {@code POST /api/v1/logs}: a JSON array or NDJSON of events, answered only after the valid ones
 * are durable in the buffer. 200 with counts (and reasons for rejected events) when anything was
 * stored; 400 when the body is malformed, not UTF-8, empty, or every event is invalid; 413 over
 * {@code sluice.ingest.max-request-size}; 503 when Redis does not confirm the append. An optional
 * {@code Idempotency-Key} header makes a resend of the same batch store nothing new. Decoding and
 * validation run on the parallel scheduler, off the HTTP event loop.
 */
public final class HttpIngestHandler {

    /** Path of the HTTP input. */
    public static final String PATH = "/api/v1/logs";

    /** Header carrying the batch idempotency key. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    private final Intake intake;
    private final BoundedBody body;
    private final JsonBatchReader reader;

    /** A handler validating with {@code validator} and storing through {@code intake}, within the limits of {@code properties}. */
    public HttpIngestHandler(Intake intake, EventValidator validator, JsonMapper json, IngestProperties properties) {
        this.intake = intake;
        this.body = new BoundedBody(properties.maxRequestSize().toBytes());
        this.reader = new JsonBatchReader(json, validator, properties.maxEventsPerBatch());
    }

    /** The route of this handler, for a {@code RouterFunction} bean. */
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route().POST(PATH, this::ingest).build();
    }

    Mono<ServerResponse> ingest(ServerRequest request) {
        String idempotencyKey = request.headers().firstHeader(IDEMPOTENCY_KEY);
        boolean ndjson = isNdjson(request);
        return body.read(request)
                .publishOn(Schedulers.parallel())
                .map(bytes -> reader.read(Utf8Body.decode(bytes), ndjson))
                .flatMap(batch -> intake.submit(Input.HTTP, batch, idempotencyKey == null ? "" : idempotencyKey.strip()))
                .flatMap(HttpIngestHandler::respond)
                .onErrorResume(RequestProblem.class, e -> reply(e.status(), IngestResponse.failed(e.getMessage())))
                .onErrorResume(BufferUnavailableException.class, e -> ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .header("Retry-After", "1")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(IngestResponse.failed(e.getMessage())));
    }

    private static boolean isNdjson(ServerRequest request) {
        try {
            return request.headers().contentType().map(NDJSON::isCompatibleWith).orElse(false);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static Mono<ServerResponse> respond(IntakeResult result) {
        if (result instanceof IntakeResult.Stored stored) {
            return reply(HttpStatus.OK, new IngestResponse(null, stored.accepted(), stored.rejected().size(), stored.rejected()));
        }
        IntakeResult.Refused refused = (IntakeResult.Refused) result;
        return reply(HttpStatus.BAD_REQUEST, IngestResponse.failed(refused.error(), refused.rejected()));
    }

    private static Mono<ServerResponse> reply(HttpStatus status, IngestResponse body) {
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
}
