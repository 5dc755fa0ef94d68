package io.sluice.ingest.http;

import io.sluice.ingest.IngestProperties;
import io.sluice.ingest.auth.ApiKeys;
import io.sluice.ingest.auth.HttpCredentials;
import io.sluice.ingest.auth.TenantAuthenticator;
import io.sluice.ingest.buffer.BufferUnavailableException;
import io.sluice.ingest.intake.Input;
import io.sluice.ingest.intake.Intake;
import io.sluice.ingest.intake.IntakeResult;
import io.sluice.ingest.validate.EventValidator;
import io.sluice.ingest.validate.ValidatedBatch;
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
 * {@code POST /api/v1/logs}: a JSON array or NDJSON of events, answered only after the valid ones
 * are durable in the buffer under the tenant of the request's API key. The body (at most
 * {@code sluice.ingest.max-request-size}) is read before any answer, then the key is checked before
 * it is decoded: 401 (with {@code WWW-Authenticate: Bearer}) without a valid key, 403 when
 * {@code X-Sluice-Tenant} names another tenant, and nothing is stored. 200 with counts (and
 * reasons for rejected events) when anything was stored; 400 when the body is malformed, not UTF-8,
 * empty, or every event is invalid; 413 over {@code sluice.ingest.max-request-size} (with {@code Connection: close}, as the rest
 * of the body is left unread); 503 when
 * Redis does not confirm the append or keys cannot be checked. An optional
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
    private final TenantAuthenticator authenticator;

    /**
     * A handler authenticating with {@code authenticator}, validating with {@code validator} and
     * storing through {@code intake}, within the limits of {@code properties}.
     */
    public HttpIngestHandler(Intake intake, EventValidator validator, JsonMapper json, IngestProperties properties,
            TenantAuthenticator authenticator) {
        this.intake = intake;
        this.body = new BoundedBody(properties.maxRequestSize().toBytes());
        this.reader = new JsonBatchReader(json, validator, properties.maxEventsPerBatch());
        this.authenticator = authenticator;
    }

    /** The route of this handler, for a {@code RouterFunction} bean. */
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route().POST(PATH, this::ingest).build();
    }

    Mono<ServerResponse> ingest(ServerRequest request) {
        String idempotencyKey = request.headers().firstHeader(IDEMPOTENCY_KEY);
        boolean ndjson = isNdjson(request);
        // The (bounded) body is read before anything is answered, even a 401: Reactor Netty can stop
        // reading a keep-alive connection whose response completed while request content was still
        // arriving, and the client's next request on it then hangs.
        return body.read(request)
                .flatMap(bytes -> HttpCredentials.tenant(authenticator, request.headers().asHttpHeaders())
                        .publishOn(Schedulers.parallel())
                        .map(tenant -> new Authenticated(tenant, reader.read(Utf8Body.decode(bytes), ndjson))))
                .flatMap(batch -> intake.submit(Input.HTTP, batch.tenant(), batch.events(),
                        idempotencyKey == null ? "" : idempotencyKey.strip()))
                .flatMap(HttpIngestHandler::respond)
                .onErrorResume(HttpCredentials::isAuthFailure, HttpIngestHandler::refuse)
                .onErrorResume(RequestProblem.class, HttpIngestHandler::problem)
                .onErrorResume(BufferUnavailableException.class, e -> ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .header("Retry-After", "1")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(IngestResponse.failed(e.getMessage())));
    }

    private static Mono<ServerResponse> problem(RequestProblem problem) {
        if (problem.status() == HttpStatus.CONTENT_TOO_LARGE) {
            // Refused on its declared length or part way, the rest of the body is unread: do not reuse the connection.
            return ServerResponse.status(problem.status()).header(HttpHeaders.CONNECTION, "close")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(IngestResponse.failed(problem.getMessage()));
        }
        return reply(problem.status(), IngestResponse.failed(problem.getMessage()));
    }

    private static Mono<ServerResponse> refuse(Throwable error) {
        HttpStatus status = HttpCredentials.status(error);
        ServerResponse.BodyBuilder response = ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, ApiKeys.CHALLENGE);
        } else if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header("Retry-After", "1");
        }
        return response.bodyValue(IngestResponse.failed(error.getMessage()));
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
        if (result instanceof IntakeResult.Limited limited) {
            return ServerResponse.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header("Retry-After", Long.toString(Math.max(1, (limited.retryAfter().toMillis() + 999) / 1000)))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(IngestResponse.failed(limited.error()));
        }
        IntakeResult.Refused refused = (IntakeResult.Refused) result;
        return reply(HttpStatus.BAD_REQUEST, IngestResponse.failed(refused.error(), refused.rejected()));
    }

    private static Mono<ServerResponse> reply(HttpStatus status, IngestResponse body) {
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    /** A decoded batch and the tenant whose key sent it. */
    private record Authenticated(String tenant, ValidatedBatch events) {
    }
}
