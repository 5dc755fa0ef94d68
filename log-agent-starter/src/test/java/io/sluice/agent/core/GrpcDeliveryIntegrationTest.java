package io.sluice.agent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Metadata;
import io.grpc.Status;
import io.sluice.agent.testing.IngestTestServer;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's delivery path (gRPC sender, disk spool, breaker) against real gRPC servers on local ports. */
class GrpcDeliveryIntegrationTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    @TempDir
    Path spoolDir;

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private IngestTestServer server() {
        return track(IngestTestServer.start());
    }

    private <T extends AutoCloseable> T track(T closeable) {
        cleanup.add(closeable);
        return closeable;
    }

    private AgentConfig config(String endpoint) {
        return AgentConfig.defaults(endpoint, "svc", "h")
                .withBatching(50, Duration.ofMillis(10))
                .withTimes(Duration.ofSeconds(2), Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofMillis(500))
                .withBreakerOpenDuration(Duration.ofMillis(300))
                .withSpool(AgentConfig.SpoolSettings.in(spoolDir, 64L * 1024 * 1024, 1024 * 1024, false));
    }

    private LogAgent agent(AgentConfig config) {
        AgentDiagnostics diagnostics = (message, cause) -> warnings.add(message);
        return track(new LogAgent(config, GrpcBatchSender.connect(config.endpoints(), config.compression(), config.access(), diagnostics),
                SpoolFactory.open(config, diagnostics), (captured, out) -> { }, diagnostics, AgentListener.NONE)).start();
    }

    private static LogEvent event(String level, String message) {
        return LogEvent.newBuilder().setLevel(level).setMessage(message).setService("svc").setHost("h").build();
    }

    private static String levelOf(int i) {
        return i % 10 == 0 ? "ERROR" : i % 5 == 0 ? "WARN" : "INFO";
    }

    /** How often each event (by message) was stored, over batches with distinct idempotency keys only. */
    private static Map<String, Long> storedOnceByKey(Collection<IngestTestServer> servers) {
        List<LogBatch> batches = servers.stream().flatMap(s -> s.storedBatches().stream()).toList();
        Map<String, LogBatch> byKey = batches.stream().collect(Collectors.toMap(LogBatch::getIdempotencyKey,
                Function.identity(), (a, b) -> a));
        return byKey.values().stream().flatMap(b -> b.getEventsList().stream())
                .collect(Collectors.groupingBy(LogEvent::getMessage, Collectors.counting()));
    }

    @Test
    void compressesBatchesWithZstdByDefault() {
        IngestTestServer server = track(IngestTestServer.startReadingZstd());
        LogAgent agent = agent(config(server.target()));
        agent.offer(event("INFO", "squeezed ".repeat(100)));
        assertThat(agent.flush(BOUND)).isTrue();

        assertThat(server.encodings()).containsOnly("zstd");
        assertThat(server.events()).extracting(LogEvent::getMessage).containsExactly("squeezed ".repeat(100));
        assertThat(warnings).isEmpty();
    }

    @Test
    void compressesBatchesWithGzipWhenAsked() {
        IngestTestServer server = track(IngestTestServer.startReadingZstd());
        LogAgent agent = agent(config(server.target()).withCompression(Compression.GZIP));
        agent.offer(event("INFO", "squeezed ".repeat(100)));
        assertThat(agent.flush(BOUND)).isTrue();

        assertThat(server.encodings()).containsOnly("gzip");
        assertThat(server.events()).extracting(LogEvent::getMessage).containsExactly("squeezed ".repeat(100));
    }

    @Test
    void fallsBackToGzipWithOneWarningWhenTheServerCannotReadZstd() {
        IngestTestServer server = server();
        LogAgent agent = agent(config(server.target()));
        for (int i = 0; i < 120; i++) {
            agent.offer(event(levelOf(i), "first " + i));
        }
        assertThat(agent.flush(BOUND)).isTrue();
        for (int i = 0; i < 120; i++) {
            agent.offer(event(levelOf(i), "second " + i));
        }
        assertThat(agent.flush(BOUND)).isTrue();

        assertThat(server.encodings()).isNotEmpty().containsOnly("gzip");
        assertThat(server.events()).hasSize(240);
        assertThat(storedOnceByKey(List.of(server))).hasSize(240).allSatisfy((message, times) -> assertThat(times).isEqualTo(1));
        assertThat(warnings).filteredOn(w -> w.contains("cannot read zstd")).hasSize(1);
        assertThat(agent.stats().droppedTotal()).isZero();
    }

    @Test
    void sendsUncompressedWhenCompressionIsOff() {
        IngestTestServer server = server();
        LogAgent agent = agent(config(server.target()).withCompression(Compression.NONE));
        agent.offer(event("INFO", "plain"));
        assertThat(agent.flush(BOUND)).isTrue();

        assertThat(server.encodings()).containsOnly("identity");
        assertThat(server.events()).extracting(LogEvent::getMessage).containsExactly("plain");
    }

    @Test
    void balancesBatchesRoundRobinAcrossEndpoints() {
        IngestTestServer a = server();
        IngestTestServer b = server();
        LogAgent agent = agent(config(a.target() + "," + b.target()).withBatching(1, Duration.ZERO));
        for (int i = 0; i < 20; i++) {
            agent.offer(event("INFO", "rr " + i));
        }
        assertThat(agent.flush(BOUND)).isTrue();

        assertThat(a.eventCount()).isEqualTo(10);
        assertThat(b.eventCount()).isEqualTo(10);
        assertThat(storedOnceByKey(List.of(a, b))).hasSize(20).allSatisfy((m, n) -> assertThat(n).isEqualTo(1));
    }

    @Test
    void skipsAnEndpointThatIsDownAndDeliversEverythingToTheHealthyOne() {
        IngestTestServer live = server();
        int dead = IngestTestServer.freePort();
        LogAgent agent = agent(config("localhost:" + dead + ", " + live.target()).withBatching(1, Duration.ZERO));
        for (int i = 0; i < 20; i++) {
            agent.offer(event("WARN", "skip " + i));
        }
        assertThat(agent.flush(BOUND)).isTrue();

        assertThat(live.eventCount()).isEqualTo(20);
        assertThat(live.attemptKeys()).doesNotHaveDuplicates();
        assertThat(agent.stats().droppedTotal()).isZero();
        assertThat(agent.stats().spooledBatches()).isZero();
    }

    @Test
    void waitsAsLongAsTheServersRetryAfterTrailerSays() {
        IngestTestServer server = server();
        Metadata trailers = new Metadata();
        trailers.put(GrpcBatchSender.RETRY_AFTER_MS, "800");
        server.failNext(1, Status.RESOURCE_EXHAUSTED, trailers);
        LogAgent agent = agent(config(server.target()));
        agent.offer(event("ERROR", "hinted"));
        assertThat(agent.flush(BOUND)).isTrue();

        List<Long> attempts = server.attemptNanos();
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(1) - attempts.get(0)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(800));
        assertThat(server.attemptKeys().get(1)).isEqualTo(server.attemptKeys().get(0));
        assertThat(agent.stats().retries()).isEqualTo(1);
    }

    @Test
    void spoolsDuringAnOutageOpensTheBreakerAndAfterRecoveryDeliversEveryWarnAndErrorExactlyOnce() {
        int port = IngestTestServer.freePort();
        LogAgent agent = agent(config("localhost:" + port));
        int total = 2_000;
        for (int i = 0; i < total; i++) {
            agent.offer(event(levelOf(i), "outage " + i));
        }
        await().atMost(BOUND).until(() -> agent.breakerState().equals("OPEN"));
        await().atMost(BOUND).until(() -> agent.stats().spooledBatches() * 50 >= total - 50);

        IngestTestServer server = track(IngestTestServer.start(port));
        await().atMost(BOUND).until(() -> agent.stats().sent() + agent.stats().droppedTotal() >= total);
        assertThat(agent.flush(BOUND)).isTrue();

        Map<String, Long> stored = storedOnceByKey(List.of(server));
        for (int i = 0; i < total; i++) {
            if (!levelOf(i).equals("INFO")) {
                assertThat(stored.get("outage " + i)).as("event %d", i).isEqualTo(1L);
            }
        }
        assertThat(server.events()).extracting(LogEvent::getMessage).doesNotHaveDuplicates();
        long infos = stored.keySet().stream().filter(m -> levelOf(Integer.parseInt(m.substring(7))).equals("INFO")).count();
        assertThat(infos + agent.stats().dropped("INFO")).isEqualTo(total * 8 / 10);
        assertThat(agent.stats().dropped("WARN") + agent.stats().dropped("ERROR")).isZero();
        await().atMost(BOUND).until(() -> agent.breakerState().equals("CLOSED"));
    }

    @Test
    void anIngestThatAcceptsCallsButNeverAnswersLosesNoWarnOrErrorAndGetsEverythingOnceItRecovers() {
        IngestTestServer server = server();
        server.hold();
        // A ring that holds the whole burst: what is measured is that the worker keeps taking
        // events in (and spools them) while every call hangs, not how fast one thread can flood.
        LogAgent agent = agent(config(server.target()).withQueueCapacity(32_768));
        int total = 20_000;
        long slowestOffer = 0;
        for (int i = 0; i < total; i++) {
            LogEvent event = event(i % 3 == 0 ? "ERROR" : "WARN", "hung " + i);
            long start = System.nanoTime();
            agent.offer(event);
            slowestOffer = Math.max(slowestOffer, System.nanoTime() - start);
        }
        // The worker never waits on the hanging calls: it keeps taking events in and spools them.
        await().atMost(BOUND).until(() -> agent.stats().queued() == total && agent.stats().spooledBatches() > 0);
        assertThat(server.attemptKeys()).isNotEmpty();
        assertThat(agent.stats().droppedTotal()).isZero();
        System.out.printf("Sluice agent with ingest hanging: %d WARN/ERROR offers, slowest %d us, %d batches spooled, %d calls started%n",
                total, TimeUnit.NANOSECONDS.toMicros(slowestOffer), agent.stats().spooledBatches(), server.attemptKeys().size());

        server.release();
        await().atMost(BOUND).until(() -> storedOnceByKey(List.of(server)).size() == total);
        assertThat(storedOnceByKey(List.of(server))).allSatisfy((message, times) -> assertThat(times).isEqualTo(1));
        assertThat(agent.stats().droppedTotal()).isZero();
    }

    @Test
    void aRestartedAgentSendsWhatTheLastRunLeftInTheSpoolOnce() throws Exception {
        int port = IngestTestServer.freePort();
        LogAgent first = agent(config("localhost:" + port));
        for (int i = 0; i < 300; i++) {
            first.offer(event(i % 2 == 0 ? "WARN" : "ERROR", "left over " + i));
        }
        first.close();
        assertThat(first.stats().sent()).isZero();
        assertThat(first.stats().spooledBatches()).isGreaterThan(0);
        assertThat(first.stats().droppedTotal()).isZero();

        IngestTestServer server = track(IngestTestServer.start(port));
        LogAgent second = agent(config("localhost:" + port));
        await().atMost(BOUND).until(() -> server.eventCount() >= 300 && second.stats().sent() >= 300);

        Map<String, Long> stored = storedOnceByKey(List.of(server));
        assertThat(stored).hasSize(300).allSatisfy((m, n) -> assertThat(n).isEqualTo(1));
        assertThat(server.events()).hasSize(300);
        assertThat(server.storedBatches()).allMatch(b -> b.getIdempotencyKey().startsWith(first.instanceId() + ":"));
        assertThat(second.stats().sent()).isEqualTo(300);
    }
}
