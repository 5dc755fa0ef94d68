package io.sluice.ingest.fuzz;

import static io.sluice.ingest.fuzz.FuzzSupport.FRAMES;
import static io.sluice.ingest.fuzz.FuzzSupport.VALID_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import io.sluice.ingest.auth.ApiKeys;
import io.sluice.ingest.http.HttpIngestHandler;
import io.sluice.ingest.support.RunningIngest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 4, must-show 4 for {@code POST /api/v1/logs}: 10,000 (by default) random and mutated
 * bodies (JSON arrays and NDJSON, damaged by byte-level mutations incl. invalid UTF-8) with random
 * content types and idempotency keys, while valid batches are posted in parallel, all with the API
 * key. Every keyed fuzz request is answered 200, 400 or 413 with a JSON body (an {@code error} text
 * unless 200); every 50th carries no key and every 50th a wrong one, and those are answered 401
 * naming the problem (or 413 when the body is over the limit); every
 * valid event is stored once; the server keeps serving, its heap does not grow, and it holds no
 * connection once the client's pool is closed.
 */
class HttpLogsFuzzTest {

    private static final int VALID_BATCHES = 300;
    private static final int VALID_PER_BATCH = 10;
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/x-ndjson", "text/plain",
            "application/json; charset=utf-16", "garbage/", ";;", "multipart/form-data; boundary=x", "");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static RunningIngest ingest;

    @BeforeAll
    static void start() {
        ingest = RunningIngest.start(Map.of("sluice.ingest.max-request-size", "16KB"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        ingest.close();
    }

    @Test
    void randomAndMutatedBodiesGetCleanErrorsWhileValidBatchesPostedAlongsideAreAllStored() {
        Mutator mutator = new Mutator(FuzzSupport.seed("POST /api/v1/logs"), seeds());
        ConnectionProvider pool = ConnectionProvider.builder("fuzz").maxConnections(32).pendingAcquireMaxCount(-1).build();
        HttpClient client = HttpClient.create(pool).baseUrl("http://127.0.0.1:" + ingest.httpPort()).responseTimeout(Duration.ofSeconds(60));
        long heapBefore = FuzzSupport.usedHeapAfterGc();
        Map<Integer, Long> outcomes = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> unclean = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> validFailures = new ConcurrentLinkedQueue<>();
        String wrongKey = "not-a-key-" + UUID.randomUUID();
        long start = System.nanoTime();

        Flux<Void> fuzz = Flux.range(0, FRAMES)
                .flatMap(i -> {
                    byte[] body = mutator.next();
                    String type = CONTENT_TYPES.get(mutator.nextInt(CONTENT_TYPES.size()));
                    String key = mutator.nextInt(4) == 0 ? "k".repeat(mutator.nextInt(300)) + i : null;
                    // Most bodies carry the key, as a real client's do; every 50th none and every 50th a wrong one.
                    String apiKey = i % 50 == 0 ? null : i % 50 == 25 ? wrongKey : ingest.apiKey();
                    String refusal = i % 50 == 0 ? ApiKeys.MISSING : i % 50 == 25 ? ApiKeys.UNKNOWN : null;
                    return post(client, body, type, key, apiKey).doOnNext(answer -> {
                        outcomes.merge(answer.status(), 1L, Long::sum);
                        if (!clean(answer, refusal)) {
                            unclean.add((refusal == null ? "keyed: " : "unkeyed: ") + answer.status() + " " + answer.body());
                        }
                    });
                }, 8)
                .thenMany(Flux.empty());
        Flux<Void> valid = Flux.range(0, VALID_BATCHES)
                .flatMap(b -> post(client, validBatch(b).getBytes(StandardCharsets.UTF_8), "application/json", null, ingest.apiKey())
                        .doOnNext(answer -> {
                            if (answer.status() != 200 || !answer.body().contains("\"accepted\":" + VALID_PER_BATCH)) {
                                validFailures.add(answer.status() + " " + answer.body());
                            }
                        }), 4)
                .thenMany(Flux.empty());
        Flux.merge(fuzz, valid).blockLast(Duration.ofSeconds(120));

        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("HTTP fuzz: %d bodies in %.1f s, statuses %s%n", FRAMES, seconds, FuzzSupport.tally(outcomes, String::valueOf));
        assertThat(outcomes.values().stream().mapToLong(Long::longValue).sum()).as("every fuzz request answered").isEqualTo(FRAMES);
        assertThat(unclean).as("answers other than 200/400/413 with a JSON body naming the error (with a key), "
                + "401 naming the missing or unknown key or 413 (without)").isEmpty();
        assertThat(outcomes).as("requests without a valid key were refused").containsKey(401);
        assertThat(validFailures).as("valid posts that were not stored in full").isEmpty();
        FuzzSupport.assertValidTrafficStoredOnce(ingest.storedEvents(), VALID_BATCHES, VALID_PER_BATCH);

        Answer after = post(client, validBatch(-1).getBytes(StandardCharsets.UTF_8), "application/json", null, ingest.apiKey()).block(Duration.ofSeconds(30));
        assertThat(after.status()).as("still serving after the fuzzing: %s", after.body()).isEqualTo(200);
        pool.disposeLater().block(Duration.ofSeconds(10));
        await("the server closed every connection").atMost(Duration.ofSeconds(60))
                .until(() -> OpenConnections.onLocalPort(ingest.httpPort()) == 0);
        long heapGrowth = FuzzSupport.usedHeapAfterGc() - heapBefore;
        assertThat(heapGrowth).as("heap growth over the run, bytes").isLessThan(64L * 1024 * 1024);
    }

    /**
     * Whether {@code answer} is a clean one: with a valid key 200, 400 or 413; without one
     * ({@code refusal} is the expected message) 401 with that message, or 413 for a body over the
     * limit, which is read before the key is checked.
     */
    private static boolean clean(Answer answer, String refusal) {
        boolean expected = refusal == null
                ? answer.status() == 200 || answer.status() == 400 || answer.status() == 413
                : answer.status() == 401 || answer.status() == 413;
        if (!expected) {
            return false;
        }
        try {
            JsonNode body = JSON.readTree(answer.body());
            if (answer.status() == 401) {
                return refusal.equals(body.path("error").stringValue());
            }
            return answer.status() == 200 ? body.has("accepted") : body.path("error").isString() && !body.path("error").stringValue().isBlank();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Mono<Answer> post(HttpClient client, byte[] body, String contentType, String idempotencyKey, String apiKey) {
        return client.headers(headers -> {
                    if (apiKey != null) {
                        headers.set("Authorization", "Bearer " + apiKey);
                    }
                    if (!contentType.isEmpty()) {
                        headers.set("Content-Type", contentType);
                    }
                    if (idempotencyKey != null) {
                        headers.set(HttpIngestHandler.IDEMPOTENCY_KEY, idempotencyKey);
                    }
                })
                .post().uri(HttpIngestHandler.PATH)
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
                .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> new Answer(response.status().code(), text)));
    }

    private static String validBatch(int batch) {
        return IntStream.range(0, VALID_PER_BATCH)
                .mapToObj(e -> "{\"timestamp\":\"" + Instant.now() + "\",\"service\":\"" + VALID_SERVICE + "\",\"message\":\"valid "
                        + batch + " " + e + "\",\"attributes\":{\"batch\":" + batch + "}}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static List<byte[]> seeds() {
        String now = Instant.now().toString();
        return List.of(
                ("[{\"timestamp\":\"" + now + "\",\"service\":\"fuzz\",\"message\":\"hello\"}]").getBytes(StandardCharsets.UTF_8),
                ("[{\"timestamp\":" + System.currentTimeMillis() + ",\"service\":\"fuzz-ü\",\"host\":\"pod-1\",\"level\":\"warning\","
                        + "\"message\":\"naïve 😀 \\u00e9 \\\"quoted\\\"\",\"attributes\":{\"a\":1.50,\"b\":[true,null,{\"c\":\"d\"}]}},"
                        + "{\"service\":\"fuzz\",\"message\":\"no time\"}]").getBytes(StandardCharsets.UTF_8),
                ("{\"service\":\"fuzz\",\"message\":\"one\"}\n{\"timestamp\":\"" + now + "\",\"service\":\"fuzz\",\"message\":\"two\"}\n")
                        .getBytes(StandardCharsets.UTF_8),
                IntStream.range(0, 30).mapToObj(i -> "{\"service\":\"fuzz\",\"level\":\"ERROR\",\"message\":\"line " + i + "\"}")
                        .collect(Collectors.joining(",", "[", "]")).getBytes(StandardCharsets.UTF_8),
                new byte[0]);
    }

    /** A status and body as received. */
    private record Answer(int status, String body) {
    }
}
