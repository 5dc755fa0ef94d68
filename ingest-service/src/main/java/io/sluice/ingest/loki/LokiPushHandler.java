package io.sluice.ingest.loki;

import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.compat.CompressedBody;
import io.sluice.ingest.compat.ContentHash;
import io.sluice.ingest.compat.Failure;
import io.sluice.ingest.validate.Rejections;
import io.sluice.ingest.compat.TenantGate;
import io.sluice.ingest.intake.Input;
import io.sluice.ingest.intake.Intake;
import io.sluice.ingest.intake.IntakeResult;
import java.nio.charset.StandardCharsets;
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
 * Loki's push API, {@code POST /loki/api/v1/push}, as Promtail, Grafana Alloy and loki4j call it:
 * {@code application/json} (optionally gzip) or, for any other Content-Type as in Loki,
 * snappy-compressed protobuf. Answers like Loki: 204 once every entry is durable in the buffer;
 * 400 with a plain-text reason when the body does not decode or entries are invalid (the valid
 * entries of the request are stored all the same, as Loki does); 401 / 403 / 413 / 429 / 503
 * with plain text (429 and 503 with Retry-After). The tenant is the API key's; an
 * {@code X-Scope-OrgID} naming another tenant is refused. Decoding runs on the parallel scheduler;
 * a resend of the same body is stored once.
 */
public final class LokiPushHandler {

    /** Path of the push API. */
    public static final String PATH = "/loki/api/v1/push";

    private final Intake intake;
    private final TenantGate gate;
    private final CompressedBody body;
    private final LokiPushDecoder decoder;

    /** A handler storing through {@code intake}, bodies up to {@code maxRequestBytes}, at most {@code maxEvents} entries. */
    public LokiPushHandler(Intake intake, TenantGate gate, JsonMapper json, long maxRequestBytes, int maxEvents) {
        this.intake = intake;
        this.gate = gate;
        this.body = new CompressedBody(maxRequestBytes);
        this.decoder = new LokiPushDecoder(json, maxRequestBytes, maxEvents);
    }

    /** The route of this handler. */
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route().POST(PATH, this::push).build();
    }

    Mono<ServerResponse> push(ServerRequest request) {
        HttpHeaders headers = request.headers().asHttpHeaders();
        boolean isJson = isJson(headers);
        // The body is read before anything is answered: Reactor Netty can stop reading a keep-alive
        // connection whose response completed while request content was still arriving.
        return body.read(request)
                .flatMap(raw -> gate.tenant(headers)
                        .publishOn(Schedulers.parallel())
                        .flatMap(tenant -> {
                            byte[] bytes = isJson ? body.decode(headers, raw) : decoder.unsnappy(body.decode(headers, raw));
                            List<LogEvent> events = isJson ? decoder.json(bytes) : decoder.protobuf(bytes);
                            if (events.isEmpty()) {
                                return Mono.just((IntakeResult) new IntakeResult.Stored(0, List.of(), false));
                            }
                            return intake.submit(Input.LOKI, tenant, events, ContentHash.key(Input.LOKI, bytes));
                        }))
                .flatMap(LokiPushHandler::respond)
                .onErrorResume(error -> fail(Failure.of(error)));
    }

    private static Mono<ServerResponse> respond(IntakeResult result) {
        if (result instanceof IntakeResult.Stored stored) {
            if (stored.rejected().isEmpty()) {
                return ServerResponse.noContent().build();
            }
            return text(HttpStatus.BAD_REQUEST, stored.rejected().size() + " of " + (stored.accepted() + stored.rejected().size())
                    + " entries rejected (the others were stored): " + Rejections.summary(stored.rejected()));
        }
        if (result instanceof IntakeResult.Limited limited) {
            return fail(Failure.of(limited));
        }
        IntakeResult.Refused refused = (IntakeResult.Refused) result;
        String reasons = refused.rejected().isEmpty() ? "" : ": " + Rejections.summary(refused.rejected());
        return text(HttpStatus.BAD_REQUEST, refused.error() + reasons);
    }

    private static Mono<ServerResponse> fail(Failure failure) {
        if (failure.status() == HttpStatus.CONTENT_TOO_LARGE) {
            // Refused on its declared length, the body may still be unread: do not reuse the connection.
            return ServerResponse.status(failure.status()).header(HttpHeaders.CONNECTION, "close").contentType(MediaType.TEXT_PLAIN)
                    .bodyValue((failure.message() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (failure.retryAfter() == null) {
            return text(failure.status(), failure.message());
        }
        return ServerResponse.status(failure.status())
                .header(HttpHeaders.RETRY_AFTER, failure.retryAfterSeconds())
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue((failure.message() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static Mono<ServerResponse> text(HttpStatus status, String message) {
        return ServerResponse.status(status).contentType(MediaType.TEXT_PLAIN)
                .bodyValue((message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isJson(HttpHeaders headers) {
        try {
            MediaType type = headers.getContentType();
            return type != null && MediaType.APPLICATION_JSON.isCompatibleWith(type);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
