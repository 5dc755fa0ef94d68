package io.sluice.ingest.elastic;

import io.sluice.common.event.Timestamps;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.auth.ApiKeys;
import io.sluice.ingest.compat.CompressedBody;
import io.sluice.ingest.compat.ContentHash;
import io.sluice.ingest.compat.Failure;
import io.sluice.ingest.compat.TenantGate;
import io.sluice.ingest.http.Utf8Body;
import io.sluice.ingest.intake.Input;
import io.sluice.ingest.intake.Intake;
import io.sluice.ingest.intake.IntakeResult;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Elasticsearch bulk API as log shippers use it: {@code POST|PUT /_bulk} and
 * {@code /{index}/_bulk} (NDJSON, optionally gzip), answered in Elasticsearch's bulk format once the
 * valid documents are durable in the buffer (per item 201, or 400 with a reason); plus
 * {@code GET /} (cluster info, version 8.x; 401 for a wrong key, as Elasticsearch), {@code HEAD /}
 * and {@code GET /_cluster/health}, which clients probe before sending. {@code GET /} answers only
 * requests that carry credentials and do not ask for HTML, so a browser or a bare curl still
 * reaches the console at {@code /} in the standalone. Every response carries
 * {@code X-Elastic-Product: Elasticsearch}, which Elastic's own clients check. Failures as a whole
 * use Elasticsearch's error object: 400, 401, 403, 413, 429 and 503 (the last two with
 * Retry-After). Parsing runs on the parallel scheduler; a resend of the same body is stored once.
 */
public final class ElasticHandler {

    /** Header Elastic's clients require on every response. */
    static final String PRODUCT_HEADER = "X-Elastic-Product";

    /** The Elasticsearch version reported to clients. */
    static final String VERSION = "8.17.0";

    private final Intake intake;
    private final TenantGate gate;
    private final CompressedBody body;
    private final BulkParser parser;
    private final JsonMapper json;

    /** A handler storing through {@code intake}, bodies up to {@code maxRequestBytes}, at most {@code maxItems} actions. */
    public ElasticHandler(Intake intake, TenantGate gate, JsonMapper json, long maxRequestBytes, int maxItems) {
        this.intake = intake;
        this.gate = gate;
        this.json = json;
        this.body = new CompressedBody(maxRequestBytes);
        this.parser = new BulkParser(json, maxItems);
    }

    /** The routes of this handler. */
    public RouterFunction<ServerResponse> routes() {
        // Only shippers get cluster info at "/": they send credentials and do not ask for HTML, so a
        // browser or a bare curl still reaches the console there in the standalone.
        RequestPredicate shipperProbe = request -> request.headers().accept().stream().noneMatch(MediaType.TEXT_HTML::equalsTypeAndSubtype)
                && (request.headers().firstHeader(HttpHeaders.AUTHORIZATION) != null || request.headers().firstHeader(ApiKeys.HEADER) != null);
        return RouterFunctions.route()
                .route(RequestPredicates.path("/_bulk").and(RequestPredicates.method(HttpMethod.POST).or(RequestPredicates.method(HttpMethod.PUT))),
                        request -> bulk(request, null))
                .route(RequestPredicates.path("/{index}/_bulk").and(RequestPredicates.method(HttpMethod.POST).or(RequestPredicates.method(HttpMethod.PUT))),
                        request -> bulk(request, request.pathVariable("index")))
                .HEAD("/", request -> ServerResponse.ok().header(PRODUCT_HEADER, "Elasticsearch").build())
                .route(RequestPredicates.GET("/").and(shipperProbe), request -> gate.tenant(request.headers().asHttpHeaders())
                        .flatMap(tenant -> json(HttpStatus.OK, clusterInfo()))
                        .onErrorResume(error -> fail(Failure.of(error))))
                .GET("/_cluster/health", request -> json(HttpStatus.OK, health()))
                .build();
    }

    Mono<ServerResponse> bulk(ServerRequest request, String pathIndex) {
        long start = System.nanoTime();
        HttpHeaders headers = request.headers().asHttpHeaders();
        // The body is read before anything is answered: Reactor Netty can stop reading a keep-alive
        // connection whose response completed while request content was still arriving.
        return body.read(request)
                .flatMap(raw -> gate.tenant(headers)
                        .publishOn(Schedulers.parallel())
                        .flatMap(tenant -> {
                            byte[] bytes = body.decode(headers, raw);
                            List<BulkItem> items = parser.parse(Utf8Body.decode(bytes), pathIndex, Timestamps.toNanos(Instant.now()));
                            List<LogEvent> events = items.stream().map(BulkItem::event).filter(event -> event != null).toList();
                            if (events.isEmpty()) {
                                return json(HttpStatus.OK, BulkAnswer.items(items, List.of(), took(start)));
                            }
                            return intake.submit(Input.ELASTIC, tenant, events, ContentHash.key(Input.ELASTIC, bytes))
                                    .flatMap(result -> respond(items, result, start));
                        }))
                .onErrorResume(error -> fail(Failure.of(error)));
    }

    private Mono<ServerResponse> respond(List<BulkItem> items, IntakeResult result, long start) {
        if (result instanceof IntakeResult.Limited limited) {
            return fail(Failure.of(limited));
        }
        if (result instanceof IntakeResult.Refused refused && refused.rejected().isEmpty()) {
            return fail(Failure.badRequest(refused.error()));
        }
        return json(HttpStatus.OK, BulkAnswer.items(items, result.rejected(), took(start)));
    }

    private Mono<ServerResponse> fail(Failure failure) {
        String type = switch (failure.status()) {
            case UNAUTHORIZED, FORBIDDEN -> "security_exception";
            case TOO_MANY_REQUESTS -> "es_rejected_execution_exception";
            case SERVICE_UNAVAILABLE -> "unavailable_shards_exception";
            case CONTENT_TOO_LARGE -> "content_too_long_exception";
            case BAD_REQUEST -> "illegal_argument_exception";
            default -> "exception";
        };
        ObjectNode error = BulkAnswer.error(failure.status().value(), type, failure.message());
        ServerResponse.BodyBuilder response = ServerResponse.status(failure.status())
                .header(PRODUCT_HEADER, "Elasticsearch")
                .contentType(MediaType.APPLICATION_JSON);
        if (failure.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, failure.retryAfterSeconds());
        }
        if (failure.status() == HttpStatus.CONTENT_TOO_LARGE) {
            // Refused on its declared length, the body may still be unread: do not reuse the connection.
            response.header(HttpHeaders.CONNECTION, "close");
        }
        if (failure.status() == HttpStatus.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"sluice\", ApiKey, Bearer");
        }
        return response.bodyValue(json.writeValueAsBytes(error));
    }

    private Mono<ServerResponse> json(HttpStatus status, ObjectNode body) {
        return ServerResponse.status(status)
                .header(PRODUCT_HEADER, "Elasticsearch")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.writeValueAsBytes(body));
    }

    private ObjectNode clusterInfo() {
        ObjectNode info = json.createObjectNode();
        info.put("name", "sluice");
        info.put("cluster_name", "sluice");
        info.put("cluster_uuid", "sluice-elasticsearch-compatible-bulk-input");
        ObjectNode version = info.putObject("version");
        version.put("number", VERSION);
        version.put("build_flavor", "default");
        version.put("build_type", "sluice");
        version.put("build_hash", "sluice");
        version.put("build_date", "2026-01-01T00:00:00.000Z");
        version.put("build_snapshot", false);
        version.put("lucene_version", "9.12.0");
        version.put("minimum_wire_compatibility_version", "7.17.0");
        version.put("minimum_index_compatibility_version", "7.0.0");
        info.put("tagline", "You Know, for Search");
        return info;
    }

    private ObjectNode health() {
        ObjectNode health = json.createObjectNode();
        health.put("cluster_name", "sluice");
        health.put("status", "green");
        health.put("timed_out", false);
        health.put("number_of_nodes", 1);
        health.put("number_of_data_nodes", 1);
        return health;
    }

    private static long took(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
