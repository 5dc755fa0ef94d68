package io.sluice.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.event.Timestamps;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.platform.stream.ShardRouter;
import io.sluice.ingest.support.RunningIngest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** {@code POST /api/v1/logs} against a running ingest-service and the real Redis. */
class HttpIngestTest {

    private static final long MAX_REQUEST_BYTES = 64 * 1024;
    private static RunningIngest ingest;
    private static WebTestClient http;

    @BeforeAll
    static void start() {
        ingest = RunningIngest.start(Map.of(
                "sluice.ingest.max-request-size", MAX_REQUEST_BYTES + "B",
                "sluice.ingest.max-message-length", "1KB",
                "sluice.ingest.max-events-per-batch", 100));
        http = ingest.http();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        ingest.close();
    }

    @BeforeEach
    void emptyTheBuffer() {
        ingest.clearKeys();
    }

    @Test
    void storesAJsonArrayWithIdsAndTheDefaultTenantItsErrorAsTheEntryOfThePriorityStream() {
        String body = """
                [{"timestamp":"2026-11-24T10:15:30.123Z","service":"checkout","host":"web-1","level":"error",
                  "message":"payment failed","attributes":{"order":42,"tags":["a","b"]}},
                 {"timestamp":1764000000000,"service":"checkout","message":"ok"}]
                """;

        post(body, MediaType.APPLICATION_JSON).expectStatus().isOk()
                .expectBody().json("{\"accepted\":2,\"rejected\":0,\"errors\":[]}", true);

        List<LogBatch> batches = ingest.storedBatches();
        assertThat(batches).as("the ERROR event in the priority stream, the other in its shard's").hasSize(2);
        assertThat(ingest.bufferStreams()).anyMatch(ShardRouter::isPriorityStream);
        List<LogEvent> events = batches.stream().flatMap(b -> b.getEventsList().stream()).toList();
        assertThat(events).hasSize(2);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.getId()).matches("[0-9a-f]{32}");
            assertThat(event.getTenant()).isEqualTo("default");
        });
        assertThat(events.get(0).getId()).isNotEqualTo(events.get(1).getId());
        LogEvent first = events.stream().filter(e -> e.getMessage().equals("payment failed")).findFirst().orElseThrow();
        assertThat(first.getTimestampUnixNanos()).isEqualTo(Timestamps.toNanos(Instant.parse("2026-11-24T10:15:30.123Z")));
        assertThat(first.getService()).isEqualTo("checkout");
        assertThat(first.getHost()).isEqualTo("web-1");
        assertThat(first.getLevel()).isEqualTo("ERROR");
        assertThat(first.getMessage()).isEqualTo("payment failed");
        assertThat(first.getAttributesJson()).isEqualTo("{\"order\":42,\"tags\":[\"a\",\"b\"]}");
        LogEvent second = events.stream().filter(e -> e.getMessage().equals("ok")).findFirst().orElseThrow();
        assertThat(second.getTimestampUnixNanos()).isEqualTo(1_764_000_000_000_000_000L);
        assertThat(second.getHost()).isEqualTo("unknown");
        assertThat(second.getLevel()).isEqualTo("INFO");
        assertThat(second.getAttributesJson()).isEmpty();
    }

    @Test
    void storesNdjsonWhetherAnnouncedByContentTypeOrRecognisedByItsFirstCharacter() {
        String ndjson = """
                {"timestamp":1764000000000,"service":"a","message":"one"}

                {"timestamp":1764000000001,"service":"a","message":"two"}
                """;

        post(ndjson, MediaType.parseMediaType("application/x-ndjson")).expectStatus().isOk()
                .expectBody().jsonPath("$.accepted").isEqualTo(2);
        post(ndjson, MediaType.TEXT_PLAIN).expectStatus().isOk()
                .expectBody().jsonPath("$.accepted").isEqualTo(2);
        Integer status = HttpClient.create()
                .headers(headers -> headers.set(HttpHeaders.CONTENT_TYPE, "not a media type").set(HttpHeaders.AUTHORIZATION, "Bearer " + ingest.apiKey()))
                .post().uri("http://127.0.0.1:" + ingest.httpPort() + HttpIngestHandler.PATH)
                .send(ByteBufFlux.fromString(Mono.just(ndjson)))
                .responseSingle((response, content) -> Mono.just(response.status().code()))
                .block(Duration.ofSeconds(30));
        assertThat(status).isEqualTo(200);

        assertThat(ingest.storedBatches()).hasSize(3);
        assertThat(ingest.storedEvents()).extracting(LogEvent::getMessage).containsExactly("one", "two", "one", "two", "one", "two");
    }

    @Test
    void storesTheValidEventsAndReportsEachInvalidOneWithItsIndex() {
        String body = """
                [{"timestamp":1764000000000,"service":"svc","message":"kept 0"},
                 {"timestamp":1764000000000,"service":"svc","level":"LOUD","message":"bad level"},
                 {"timestamp":1764000000000,"service":"svc","message":"kept 2"},
                 {"timestamp":1764000000000,"message":"no service"}]
                """;

        post(body, MediaType.APPLICATION_JSON).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.accepted").isEqualTo(2)
                .jsonPath("$.rejected").isEqualTo(2)
                .jsonPath("$.error").doesNotExist()
                .jsonPath("$.errors[0].index").isEqualTo(1)
                .jsonPath("$.errors[0].reason").value(reason -> assertThat((String) reason)
                        .startsWith("event 1: level 'LOUD' is not a known level")
                        .contains("TRACE, DEBUG, INFO, WARN, ERROR, FATAL"))
                .jsonPath("$.errors[1].index").isEqualTo(3)
                .jsonPath("$.errors[1].reason").isEqualTo("event 3: service is required and must not be blank");

        assertThat(ingest.storedEvents()).extracting(LogEvent::getMessage).containsExactly("kept 0", "kept 2");
    }

    @Test
    void answers400WithEveryReasonWhenNoEventIsValid() {
        String body = """
                [{"timestamp":1764000000000,"message":"no service"},
                 {"timestamp":"yesterday","service":"svc","message":"bad time"},
                 {"timestamp":1764000000000,"service":"svc","level":"LOUD","message":"bad level"}]
                """;

        post(body, MediaType.APPLICATION_JSON).expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error").isEqualTo("all 3 events were rejected")
                .jsonPath("$.accepted").isEqualTo(0)
                .jsonPath("$.rejected").isEqualTo(3)
                .jsonPath("$.errors[0].reason").isEqualTo("event 0: service is required and must not be blank")
                .jsonPath("$.errors[1].reason").value(reason -> assertThat((String) reason)
                        .startsWith("event 1: timestamp 'yesterday' is not RFC 3339"))
                .jsonPath("$.errors[2].reason").value(reason -> assertThat((String) reason)
                        .startsWith("event 2: level 'LOUD' is not a known level"));

        assertThat(ingest.storedBatches()).isEmpty();
    }

    @Test
    void rejectsEventsWhoseFieldsHaveTheWrongJsonType() {
        String body = """
                [{"timestamp":{"seconds":1},"service":"svc","message":"m"},
                 {"timestamp":1764000000000,"service":"svc","message":"m","attributes":["a"]},
                 {"timestamp":1764000000000,"service":"svc","message":"m","level":3},
                 {"timestamp":1764000000000,"service":7,"message":"m"},
                 {"timestamp":1764000000000,"service":"svc","message":{"text":"m"}},
                 {"timestamp":1764000000000.5,"service":"svc","message":"m"},
                 "just a string",
                 {"timestamp":1764000000000,"service":"svc","message":"the valid one"}]
                """;

        post(body, MediaType.APPLICATION_JSON).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.accepted").isEqualTo(1)
                .jsonPath("$.rejected").isEqualTo(7)
                .jsonPath("$.errors[0].reason").isEqualTo(
                        "event 0: timestamp must be an RFC 3339 string or an integer of epoch milliseconds, got an object")
                .jsonPath("$.errors[1].reason").isEqualTo("event 1: attributes must be a JSON object, got an array")
                .jsonPath("$.errors[2].reason").isEqualTo("event 2: level must be a string, got a number")
                .jsonPath("$.errors[3].reason").isEqualTo("event 3: service must be a string, got a number")
                .jsonPath("$.errors[4].reason").isEqualTo("event 4: message must be a string, got an object")
                .jsonPath("$.errors[5].reason").isEqualTo(
                        "event 5: timestamp must be an RFC 3339 string or an integer of epoch milliseconds, got a number")
                .jsonPath("$.errors[6].reason").value(reason -> assertThat((String) reason)
                        .startsWith("event 6: expected a JSON object").endsWith("got a string"));

        assertThat(ingest.storedEvents()).extracting(LogEvent::getMessage).containsExactly("the valid one");
    }

    @Test
    void answers400WithTheParsersLineAndColumnForMalformedJsonAndStoresNothingOfIt() {
        String body = "[{\"timestamp\":1764000000000,\"service\":\"svc\",\"message\":\"m\"},\n {\"service\": oops}]";

        post(body, MediaType.APPLICATION_JSON).expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error").value(error -> assertThat((String) error)
                        .startsWith("malformed JSON at line 2, column ")
                        .contains("Unrecognized token 'oops'"))
                .jsonPath("$.accepted").isEqualTo(0);
        post("[{\"timestamp\":1764000000000,\"service\":\"svc\",\"message\":\"m\"}", MediaType.APPLICATION_JSON)
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").value(error -> assertThat((String) error)
                        .startsWith("malformed JSON at line 1").contains("end-of-input"));

        assertThat(ingest.storedBatches()).isEmpty();
    }

    @Test
    void answers400ForAnEmptyBatch() {
        post("[]", MediaType.APPLICATION_JSON).expectStatus().isBadRequest()
                .expectBody().json("{\"error\":\"the batch has no events\",\"accepted\":0,\"rejected\":0,\"errors\":[]}", true);
        http.post().uri(HttpIngestHandler.PATH).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("the batch has no events");
    }

    @Test
    void answers400WhenTheBatchHasMoreEventsThanAllowed() {
        String event = "{\"timestamp\":1764000000000,\"service\":\"svc\",\"message\":\"m\"}\n";

        post(event.repeat(101), MediaType.parseMediaType("application/x-ndjson")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error")
                .isEqualTo("the batch has more than 100 events; at most 100 are accepted per request");

        assertThat(ingest.storedBatches()).isEmpty();
    }

    @Test
    void answers413ForABodyOverTheLimitWhetherDeclaredOrStreamed() {
        byte[] big = ("[" + "{\"timestamp\":1764000000000,\"service\":\"svc\",\"message\":\"m\"},".repeat(2000) + "]")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(big.length).isGreaterThan((int) MAX_REQUEST_BYTES);

        http.post().uri(HttpIngestHandler.PATH).contentType(MediaType.APPLICATION_JSON).bodyValue(big)
                .exchange().expectStatus().isEqualTo(413)
                .expectHeader().valueEquals(HttpHeaders.CONNECTION, "close")
                .expectBody().jsonPath("$.error").value(error -> assertThat((String) error)
                        .isEqualTo("the request body (" + big.length + " bytes) is larger than the limit of 65536 bytes"
                                + " (sluice.ingest.max-request-size); split the batch"));

        Flux<DataBuffer> chunks = Flux.range(0, 20).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[8 * 1024]));
        http.post().uri(HttpIngestHandler.PATH).contentType(MediaType.APPLICATION_JSON).body(chunks, DataBuffer.class)
                .exchange().expectStatus().isEqualTo(413)
                .expectHeader().valueEquals(HttpHeaders.CONNECTION, "close")
                .expectBody().jsonPath("$.error").value(error -> assertThat((String) error)
                        .startsWith("the request body is larger than the limit of 65536 bytes"));

        assertThat(ingest.storedBatches()).isEmpty();
    }

    @Test
    void aRequestRefusedWithoutAKeyLeavesItsKeepAliveConnectionUsable() {
        // The body is read before the 401 is sent, so the next request on the same connection is served.
        ConnectionProvider one = ConnectionProvider.builder("one").maxConnections(1).build();
        try {
            HttpClient client = HttpClient.create(one).baseUrl("http://127.0.0.1:" + ingest.httpPort()).responseTimeout(Duration.ofSeconds(60));
            byte[] large = ("[" + "{\"service\":\"svc\",\"message\":\"padding padding padding\"},".repeat(1000) + "{\"service\":\"svc\",\"message\":\"m\"}]")
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(large.length).isBetween(32 * 1024, (int) MAX_REQUEST_BYTES);
            for (int round = 0; round < 3; round++) {
                int refused = client.headers(h -> h.set(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE))
                        .post().uri(HttpIngestHandler.PATH).send(ByteBufFlux.fromInbound(Mono.just(large)))
                        .responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
                        .block(Duration.ofSeconds(30));
                assertThat(refused).isEqualTo(401);
                String stored = client.headers(h -> h.set(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                                .set(HttpHeaders.AUTHORIZATION, "Bearer " + ingest.apiKey()))
                        .post().uri(HttpIngestHandler.PATH)
                        .send(ByteBufFlux.fromString(Mono.just("[{\"service\":\"svc\",\"message\":\"after " + round + "\"}]")))
                        .responseSingle((response, body) -> body.asString().map(text -> response.status().code() + " " + text))
                        .block(Duration.ofSeconds(30));
                assertThat(stored).startsWith("200 ");
            }
        } finally {
            one.disposeLater().block(Duration.ofSeconds(10));
        }
        assertThat(ingest.storedEvents()).extracting(LogEvent::getMessage).containsExactly("after 0", "after 1", "after 2");
    }

    @Test
    void answers400ForABodyThatIsNotUtf8() {
        byte[] prefix = "[{\"timestamp\":1764000000000,\"service\":\"svc\",\"message\":\"caf".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"}]".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xC3;
        body[prefix.length + 1] = (byte) 0x28;
        System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);

        http.post().uri(HttpIngestHandler.PATH).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error")
                .isEqualTo("the request body is not valid UTF-8: invalid byte sequence at byte offset " + prefix.length);

        assertThat(ingest.storedBatches()).isEmpty();
    }

    @Test
    void storesABatchResentWithTheSameIdempotencyKeyOnce() {
        String body = "[{\"timestamp\":1764000000000,\"service\":\"svc\",\"message\":\"once\"}]";

        for (int attempt = 0; attempt < 3; attempt++) {
            http.post().uri(HttpIngestHandler.PATH).contentType(MediaType.APPLICATION_JSON)
                    .header(HttpIngestHandler.IDEMPOTENCY_KEY, "agent-1:17").bodyValue(body)
                    .exchange().expectStatus().isOk()
                    .expectBody().json("{\"accepted\":1,\"rejected\":0,\"errors\":[]}", true);
        }
        http.post().uri(HttpIngestHandler.PATH).contentType(MediaType.APPLICATION_JSON)
                .header(HttpIngestHandler.IDEMPOTENCY_KEY, "agent-1:18").bodyValue(body)
                .exchange().expectStatus().isOk();

        assertThat(ingest.storedEvents()).extracting(LogEvent::getMessage).containsExactly("once", "once");
        List<String> markers = ingest.redis().keys(ingest.prefix() + "ingest:idem:*:agent-1:17");
        assertThat(markers).singleElement().satisfies(marker -> assertThat(ingest.redis().ttl(marker)).isBetween(3590L, 3600L));
    }

    @Test
    void keepsStoringTheValidRequestsSentBetweenBadOnes() {
        String valid = "[{\"timestamp\":1764000000000,\"service\":\"svc\",\"message\":\"valid %d\"}]";
        byte[] notUtf8 = {'[', '"', (byte) 0xFF, '"', ']'};

        post(valid.formatted(1), MediaType.APPLICATION_JSON).expectStatus().isOk();
        post("{\"broken", MediaType.APPLICATION_JSON).expectStatus().isBadRequest();
        post(valid.formatted(2), MediaType.APPLICATION_JSON).expectStatus().isOk();
        http.post().uri(HttpIngestHandler.PATH).bodyValue(notUtf8).exchange().expectStatus().isBadRequest();
        post(valid.formatted(3), MediaType.APPLICATION_JSON).expectStatus().isOk();
        http.post().uri(HttpIngestHandler.PATH).bodyValue(new byte[(int) MAX_REQUEST_BYTES + 1]).exchange()
                .expectStatus().isEqualTo(413);
        post(valid.formatted(4), MediaType.APPLICATION_JSON).expectStatus().isOk();
        post("[{\"timestamp\":[],\"service\":\"svc\",\"message\":\"m\"}]", MediaType.APPLICATION_JSON)
                .expectStatus().isBadRequest();
        post(valid.formatted(5), MediaType.APPLICATION_JSON).expectStatus().isOk();

        assertThat(ingest.storedEvents()).extracting(LogEvent::getMessage)
                .containsExactly("valid 1", "valid 2", "valid 3", "valid 4", "valid 5");
    }

    @Test
    void countsAcceptedAndRejectedEventsOnThePrometheusEndpoint() {
        post("""
                [{"timestamp":1764000000000,"service":"svc","message":"m"},
                 {"timestamp":1764000000000,"message":"m"}]
                """, MediaType.APPLICATION_JSON).expectStatus().isOk();

        String metrics = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics).containsPattern("sluice_ingest_events_accepted_total\\{input=\"http\"[^}]*} [1-9]")
                .containsPattern("sluice_ingest_events_rejected_total\\{input=\"http\"[^}]*} [1-9]")
                .contains("sluice_ingest_events_accepted_total{input=\"grpc\"");
    }

    private static WebTestClient.ResponseSpec post(String body, MediaType type) {
        return http.post().uri(HttpIngestHandler.PATH).contentType(type).bodyValue(body).exchange();
    }
}
