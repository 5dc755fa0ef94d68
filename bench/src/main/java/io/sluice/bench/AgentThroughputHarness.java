package io.sluice.bench;

import com.sun.management.OperatingSystemMXBean;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.sluice.agent.core.AgentStats;
import io.sluice.common.proto.ingest.v1.IngestServiceGrpc;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.common.proto.ingest.v1.PushResponse;
import io.sluice.ingest.IngestApplication;
import io.sluice.platform.tenant.ApiKeyFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * End-to-end events per second from {@code log.info(line)} into ingest's Redis buffer: starts
 * ingest-service in this JVM (gRPC on a free port, Redis at {@code redis} = 127.0.0.1:6379, a unique
 * key prefix deleted afterwards), then
 * <ol>
 *   <li>the Sluice appender (default batching and compression) ships {@code events} (1,000,000)
 *       realistic lines (Loghub-2k, cycled) logged from one thread; the logging thread waits when
 *       more than half the agent's queue is in flight, so the figure is the agent's delivery rate,
 *       not its drop rate;</li>
 *   <li>the baseline: the same lines pushed by a plain blocking gRPC client in batches of 500
 *       (no compression, one call at a time).</li>
 * </ol>
 * Each phase first sends {@code warmupEvents} (100,000) unmeasured, and ends when every event is
 * acknowledged; then the events in the stream are counted (proving nothing was lost or stored
 * twice). Also prints the process CPU time per event of each phase (ingest included, as both
 * share the JVM).
 */
public final class AgentThroughputHarness {

    private static final int EVENTS = Integer.getInteger("events", 1_000_000);
    private static final int WARMUP = Integer.getInteger("warmupEvents", 100_000);
    private static final int BASELINE_BATCH = 500;
    private static final String REDIS = System.getProperty("redis", "redis://127.0.0.1:6379");
    private static final String MYSQL = System.getProperty("mysql", "mysql://root@127.0.0.1:3306/sluice_bench");
    /** The bootstrap key of the harness's ingest, sent by the baseline client. */
    private static final String API_KEY = ApiKeyFormat.generate();
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private AgentThroughputHarness() {
    }

    public static void main(String[] args) throws Exception {
        List<String> lines = LoghubLines.load();
        String prefix = "bench:" + UUID.randomUUID() + ":";
        int grpcPort = freePort();
        ConfigurableApplicationContext ingest = new SpringApplicationBuilder(IngestApplication.class)
                .properties(IngestApplication.defaultProperties())
                .run("--server.port=0", "--spring.grpc.server.port=" + grpcPort, "--sluice.redis.url=" + REDIS,
                        "--sluice.redis.key-prefix=" + prefix, "--sluice.agent.enabled=false", "--logging.level.root=WARN",
                        "--sluice.mysql.url=" + MYSQL, "--sluice.tenancy.bootstrap-api-key=" + API_KEY);
        String endpoint = "127.0.0.1:" + grpcPort;
        try (BufferStream buffer = new BufferStream(REDIS, prefix)) {
            try {
                Phase agent = agent(endpoint, lines, buffer);
                buffer.deleteAll();
                Phase baseline = baseline(endpoint, lines, buffer);
                System.out.printf(Locale.ROOT, "%n%,d Loghub-2k lines (%d distinct) into ingest → Redis, after %,d warm-up events each:%n",
                        EVENTS, lines.size(), WARMUP);
                System.out.println("  " + agent.describe());
                System.out.println("  " + baseline.describe());
                System.out.printf(Locale.ROOT, "  Sluice agent / plain client = %.2f× events/s%n", agent.perSecond() / baseline.perSecond());
            } finally {
                buffer.deleteAll();
            }
        } finally {
            ingest.close();
        }
    }

    /** One phase's result: {@code events} acknowledged in {@code seconds} (the measured part). */
    record Phase(String name, long events, double seconds, double cpuSeconds, long inStream, long entries, String notes) {

        double perSecond() {
            return events / seconds;
        }

        String describe() {
            return String.format(Locale.ROOT, "%s: %,d events in %.2f s = %,.0f events/s; %.2f CPU-µs/event (whole JVM);"
                    + " stream holds %,d events in %,d entries%s", name, events, seconds, perSecond(),
                    cpuSeconds * 1e6 / events, inStream, entries, notes);
        }
    }

    private static Phase agent(String endpoint, List<String> lines, BufferStream buffer) {
        int capacity = AppenderCallCostBenchmark.QUEUE_CAPACITY;
        String compression = System.getProperty("compression");
        try (BenchLogging logging = BenchLogging.sluice(endpoint, capacity, compression, true, null, API_KEY)) {
            Logger logger = logging.logger();
            logAll(logging, logger, lines, 0, WARMUP, capacity);
            awaitSent(logging, WARMUP);
            long sentBefore = logging.sluiceAppender().stats().sent();
            long droppedBefore = logging.sluiceAppender().stats().droppedTotal();
            long cpu = OS.getProcessCpuTime();
            long start = System.nanoTime();
            logAll(logging, logger, lines, WARMUP, EVENTS, capacity);
            awaitSent(logging, (long) WARMUP + EVENTS);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (OS.getProcessCpuTime() - cpu) / 1e9;
            AgentStats stats = logging.sluiceAppender().stats();
            long delivered = stats.sent() - sentBefore;
            String name = "Sluice agent (compression " + (compression == null ? "default" : compression) + ")";
            return new Phase(name, delivered, seconds, cpuSeconds, buffer.events(), buffer.entries(),
                    String.format(Locale.ROOT, "; logged %,d, of which dropped %,d; agent %s", EVENTS,
                            stats.droppedTotal() - droppedBefore, stats));
        }
    }

    /** Logs {@code count} lines, waiting while more than half the queue's capacity is unsettled. */
    private static void logAll(BenchLogging logging, Logger logger, List<String> lines, long loggedBefore, int count,
            int capacity) {
        for (int i = 0; i < count; i++) {
            if ((i & 255) == 0) {
                while (loggedBefore + i - settled(logging.sluiceAppender().stats()) > capacity / 2) {
                    LockSupport.parkNanos(50_000);
                }
            }
            logger.info(lines.get(i % lines.size()));
        }
    }


    private static long settled(AgentStats stats) {
        return stats.sent() + stats.rejected() + stats.droppedTotal();
    }

    private static void awaitSent(BenchLogging logging, long target) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        AgentStats stats = logging.sluiceAppender().stats();
        while (settled(stats) < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the agent did not settle " + target + " events within 5 minutes: " + stats);
            }
            LockSupport.parkNanos(200_000);
            stats = logging.sluiceAppender().stats();
        }
    }

    private static Phase baseline(String endpoint, List<String> lines, BufferStream buffer) {
        ManagedChannel channel = Grpc.newChannelBuilder(endpoint, InsecureChannelCredentials.create()).build();
        try {
            Metadata credentials = new Metadata();
            credentials.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + API_KEY);
            IngestServiceGrpc.IngestServiceBlockingStub stub = IngestServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(credentials));
            String key = UUID.randomUUID().toString();
            push(stub, lines, WARMUP, key + ":w");
            long cpu = OS.getProcessCpuTime();
            long start = System.nanoTime();
            long accepted = push(stub, lines, EVENTS, key + ":m");
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (OS.getProcessCpuTime() - cpu) / 1e9;
            return new Phase("plain blocking gRPC client, batches of " + BASELINE_BATCH, accepted, seconds, cpuSeconds,
                    buffer.events(), buffer.entries(), "; warm-up + measured pushed " + (WARMUP + EVENTS));
        } finally {
            channel.shutdownNow();
        }
    }

    private static long push(IngestServiceGrpc.IngestServiceBlockingStub stub, List<String> lines, int count, String keyPrefix) {
        long accepted = 0;
        int sequence = 0;
        for (int from = 0; from < count; from += BASELINE_BATCH) {
            LogBatch.Builder batch = LogBatch.newBuilder().setIdempotencyKey(keyPrefix + ":" + sequence++);
            long nanos = System.currentTimeMillis() * 1_000_000L;
            for (int i = from; i < Math.min(count, from + BASELINE_BATCH); i++) {
                batch.addEvents(LogEvent.newBuilder()
                        .setTimestampUnixNanos(nanos)
                        .setService("bench-baseline")
                        .setHost("bench-host")
                        .setLevel("INFO")
                        .setMessage(lines.get(i % lines.size()))
                        .setAttributesJson("{\"logger\":\"" + BenchLogging.LOGGER + "\",\"thread\":\"main\"}"));
            }
            PushResponse response = stub.withDeadlineAfter(30, TimeUnit.SECONDS).push(batch.build());
            accepted += response.getAccepted();
        }
        return accepted;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
