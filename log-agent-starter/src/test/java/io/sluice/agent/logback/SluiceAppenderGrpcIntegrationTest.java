package io.sluice.agent.logback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.util.Duration;
import io.grpc.Status;
import io.sluice.agent.core.AgentStats;
import io.sluice.agent.testing.IngestTestServer;
import io.sluice.common.event.Timestamps;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import net.minidev.json.JSONObject;
import net.minidev.json.parser.JSONParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

/** The appender and agent against a real gRPC server implementing IngestService on a local port. */
class SluiceAppenderGrpcIntegrationTest {

    private static final java.time.Duration BOUND = java.time.Duration.ofSeconds(30);

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final LoggerContext context = new LoggerContext();
    @TempDir
    java.nio.file.Path spoolDir;

    SluiceAppenderGrpcIntegrationTest() {
        context.setMDCAdapter(MDC.getMDCAdapter());
        context.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        context.stop();
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    private IngestTestServer server() {
        IngestTestServer server = IngestTestServer.start();
        cleanup.add(server);
        return server;
    }

    private Logger loggerWithAppender(String endpoint, Consumer<SluiceAppender> customize) {
        SluiceAppender appender = new SluiceAppender();
        appender.setContext(context);
        appender.setName("SLUICE");
        appender.setEndpoint(endpoint);
        appender.setServiceName("it-service");
        appender.setHost("it-host");
        appender.setMaxRetryBackoff(Duration.buildByMilliseconds(200));
        appender.setSpoolDir(spoolDir.toString());
        customize.accept(appender);
        appender.start();
        assertThat(appender.isStarted()).isTrue();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        return root;
    }

    private SluiceAppender appender() {
        return (SluiceAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("SLUICE");
    }

    @Test
    void deliversEveryEventOnceAndInOrderPerThreadWithAllItsFields() throws Exception {
        IngestTestServer server = server();
        loggerWithAppender(server.target(), a -> {
            a.setBatchSize(200);
            a.setLinger(Duration.buildByMilliseconds(20));
            // Room for every event: this test is about delivery and order, not about overflow.
            a.setQueueCapacity(20_000);
        });
        int threads = 4;
        int perThread = 2_500;
        long before = Timestamps.toNanos(Instant.now());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "producer-" + System.nanoTime()));
        List<Callable<String>> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            producers.add(() -> {
                Logger logger = context.getLogger("com.example.Producer" + thread);
                for (int i = 0; i < perThread; i++) {
                    MDC.put("seq", Integer.toString(i));
                    if (i % 500 == 0) {
                        logger.error("t{} e{} failed", thread, i, new IllegalStateException("boom " + i));
                    } else {
                        logger.info("t{} e{}", thread, i);
                    }
                    MDC.remove("seq");
                }
                return Thread.currentThread().getName();
            });
        }
        List<String> threadNames = new ArrayList<>();
        for (Future<String> f : pool.invokeAll(producers)) {
            threadNames.add(f.get());
        }
        pool.shutdown();
        assertThat(appender().agent().flush(BOUND)).isTrue();
        long after = Timestamps.toNanos(Instant.now());

        // Several calls run at once, so batches may arrive in any order; their keys carry the
        // order in which the worker sealed them. ERROR events travel in the priority lane, so
        // order is kept per thread and lane, in key order.
        List<LogEvent> events = server.storedBatches().stream()
                .sorted(java.util.Comparator.comparingLong(
                        b -> Long.parseLong(b.getIdempotencyKey().substring(b.getIdempotencyKey().lastIndexOf(':') + 1))))
                .flatMap(b -> b.getEventsList().stream())
                .toList();
        assertThat(events).hasSize(threads * perThread);
        Map<String, Integer> nextByThread = new HashMap<>();
        Map<Integer, Integer> countByThread = new HashMap<>();
        JSONParser parser = new JSONParser(JSONParser.MODE_RFC4627);
        for (LogEvent e : events) {
            String[] words = e.getMessage().split("[ \\n\\r]", 3);
            int thread = Integer.parseInt(words[0].substring(1));
            int seq = Integer.parseInt(words[1].substring(1));
            String lane = thread + e.getLevel();
            assertThat(seq).as("order of thread %d", thread).isGreaterThanOrEqualTo(nextByThread.getOrDefault(lane, 0));
            nextByThread.put(lane, seq + 1);
            countByThread.merge(thread, 1, Integer::sum);

            assertThat(e.getService()).isEqualTo("it-service");
            assertThat(e.getHost()).isEqualTo("it-host");
            assertThat(e.getTimestampUnixNanos()).isBetween(before, after);
            JSONObject attributes = (JSONObject) parser.parse(e.getAttributesJson());
            assertThat(attributes.get("logger")).isEqualTo("com.example.Producer" + thread);
            assertThat(attributes.get("seq")).isEqualTo(Integer.toString(seq));
            assertThat(threadNames).contains((String) attributes.get("thread"));
            if (seq % 500 == 0) {
                assertThat(e.getLevel()).isEqualTo("ERROR");
                assertThat(e.getMessage()).isEqualTo("t" + thread + " e" + seq + " failed" + System.lineSeparator()
                        + "java.lang.IllegalStateException: boom " + seq);
                assertThat((String) attributes.get("exception.stacktrace")).contains("\tat ");
            } else {
                assertThat(e.getLevel()).isEqualTo("INFO");
                assertThat(e.getMessage()).isEqualTo("t" + thread + " e" + seq);
            }
        }
        assertThat(nextByThread).hasSize(threads * 2);
        assertThat(countByThread).hasSize(threads).allSatisfy((thread, count) -> assertThat(count).isEqualTo(perThread));
        List<String> keys = server.storedBatches().stream().map(LogBatch::getIdempotencyKey).toList();
        assertThat(keys).doesNotHaveDuplicates().allMatch(k -> k.startsWith(appender().agent().instanceId() + ":"));
        AgentStats stats = appender().stats();
        assertThat(stats.sent()).isEqualTo(threads * perThread);
        assertThat(stats.droppedTotal()).isZero();
    }

    @Test
    void resendsWithTheSameIdempotencyKeyWhileIngestAnswersUnavailable() {
        IngestTestServer server = server();
        server.failNext(3, Status.UNAVAILABLE);
        Logger logger = loggerWithAppender(server.target(), a -> a.setLinger(Duration.buildByMilliseconds(10)));
        for (int i = 0; i < 50; i++) {
            logger.info("event {}", i);
        }
        assertThat(appender().agent().flush(BOUND)).isTrue();

        assertThat(server.events()).extracting(LogEvent::getMessage)
                .containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(i -> "event " + i).toList());
        List<String> attempts = server.attemptKeys();
        assertThat(attempts).hasSizeGreaterThanOrEqualTo(4);
        assertThat(attempts.subList(0, 4)).containsOnly(server.storedBatches().get(0).getIdempotencyKey());
        assertThat(appender().stats().retries()).isEqualTo(3);
    }

    @Test
    void deliversWhatWasQueuedOnceIngestComesUp() {
        int port = IngestTestServer.freePort();
        Logger logger = loggerWithAppender("localhost:" + port, a -> a.setLinger(Duration.buildByMilliseconds(10)));
        for (int i = 0; i < 100; i++) {
            logger.warn("while ingest is down {}", i);
        }
        await().atMost(BOUND).until(() -> appender().stats().retries() >= 2);

        IngestTestServer server = IngestTestServer.start(port);
        cleanup.add(server);

        await().atMost(BOUND).until(() -> server.eventCount() == 100);
        assertThat(server.events()).extracting(LogEvent::getMessage).doesNotHaveDuplicates();
        assertThat(appender().stats().droppedTotal()).isZero();
    }

    @Test
    void dropsAndCountsABatchIngestRefusesAsInvalid() {
        IngestTestServer server = server();
        server.failNext(1, Status.INVALID_ARGUMENT);
        Logger logger = loggerWithAppender(server.target(), a -> a.setLinger(Duration.buildByMilliseconds(10)));
        for (int i = 0; i < 5; i++) {
            logger.error("refused {}", i);
        }
        assertThat(appender().agent().flush(BOUND)).isTrue();
        logger.info("accepted");
        assertThat(appender().agent().flush(BOUND)).isTrue();

        assertThat(server.events()).extracting(LogEvent::getMessage).containsExactly("accepted");
        assertThat(server.attemptKeys()).hasSize(2).doesNotHaveDuplicates();
        AgentStats stats = appender().stats();
        assertThat(stats.failedBatches()).isEqualTo(1);
        assertThat(stats.dropped("ERROR")).isEqualTo(5);
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .anyMatch(s -> s.getMessage().contains("dropped a batch"));
    }

    @Test
    void appendNeverBlocksAndCountsDropsWhileIngestHangs() throws Exception {
        IngestTestServer server = server();
        server.hold();
        loggerWithAppender(server.target(), a -> {
            a.setBatchSize(100);
            a.setQueueCapacity(1_000);
            a.setLinger(Duration.buildByMilliseconds(5));
            a.setSendTimeout(Duration.buildBySeconds(60));
        });
        int threads = 8;
        int perThread = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Callable<Long>> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            producers.add(() -> {
                Logger logger = context.getLogger("flood." + thread);
                long slowest = 0;
                for (int i = 0; i < perThread; i++) {
                    long start = System.nanoTime();
                    logger.info("flood {} {}", thread, i);
                    slowest = Math.max(slowest, System.nanoTime() - start);
                }
                return slowest;
            });
        }
        long started = System.nanoTime();
        List<Future<Long>> results = pool.invokeAll(producers, 30, TimeUnit.SECONDS);
        long took = System.nanoTime() - started;
        pool.shutdownNow();

        assertThat(results).noneMatch(Future::isCancelled);
        long slowestCall = 0;
        for (Future<Long> result : results) {
            slowestCall = Math.max(slowestCall, result.get());
        }
        System.out.printf("Sluice append with ingest hanging: %d threads x %d appends in %d ms, slowest call %d us%n",
                threads, perThread, TimeUnit.NANOSECONDS.toMillis(took), TimeUnit.NANOSECONDS.toMicros(slowestCall));
        assertThat(took).as("all appends with ingest hanging").isLessThan(TimeUnit.SECONDS.toNanos(30));
        await("calls are hanging in ingest").atMost(BOUND).until(() -> !server.attemptKeys().isEmpty());

        assertThat(server.attemptKeys()).hasSizeLessThanOrEqualTo(io.sluice.agent.core.AgentConfig.DEFAULT_MAX_IN_FLIGHT);

        server.release();
        // The server stores a batch before the agent has read the answer, so wait for both sides.
        try {
            await().atMost(BOUND).until(() -> server.eventCount() == appender().stats().sent()
                    && appender().stats().sent() + appender().stats().droppedTotal() >= (long) threads * perThread);
        } finally {
            System.out.println("Sluice agent after ingest recovered: " + appender().stats() + ", stored " + server.eventCount());
        }
        // Nothing was lost without being counted: every append was delivered or dropped and
        // counted (the agent's own drop summaries are delivered too).
        long summaries = server.events().stream().filter(e -> e.getMessage().startsWith("dropped ")).count();
        assertThat(appender().stats().sent() + appender().stats().droppedTotal()).isEqualTo((long) threads * perThread + summaries);
    }

    @Test
    void ignoresEventsOfTheAgentAndOfGrpcAndNetty() {
        IngestTestServer server = server();
        loggerWithAppender(server.target(), a -> a.setLinger(Duration.buildByMilliseconds(10)));
        context.getLogger("io.grpc.internal.ManagedChannelImpl").warn("grpc internal");
        context.getLogger("io.grpc.netty.shaded.io.netty.util.internal.PlatformDependent").warn("netty internal");
        context.getLogger("io.netty.channel.DefaultChannelPipeline").warn("netty");
        context.getLogger("io.sluice.agent.core.LogAgent").warn("agent");
        context.getLogger("com.example.App").warn("application");
        assertThat(appender().agent().flush(BOUND)).isTrue();

        assertThat(server.events()).extracting(LogEvent::getMessage).containsExactly("application");
    }
}
