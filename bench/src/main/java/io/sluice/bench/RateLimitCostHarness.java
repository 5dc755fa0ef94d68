package io.sluice.bench;

import com.sun.management.OperatingSystemMXBean;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.lettuce.core.RedisClient;
import io.sluice.common.proto.ingest.v1.IngestServiceGrpc;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.IngestApplication;
import io.sluice.ingest.ratelimit.RateLimiter;
import io.sluice.ingest.ratelimit.RedisRateLimiter;
import io.sluice.ingest.ratelimit.TenantRate;
import io.sluice.platform.redis.RedisKeys;
import io.sluice.platform.redis.SluiceRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Flux;

/**
 * What the per-tenant rate limit costs ingest: two ingest-services in this JVM on the local Redis,
 * one with {@code sluice.ingest.limits.enabled=false} (the baseline) and one with the limits on
 * (generous defaults, so nothing is refused: every request runs the GCRA script and is admitted).
 * Loghub-2k lines are pushed by 4 blocking gRPC clients, batches of 500 (the agent's default) and
 * of 50, with idempotency keys as the agent sends them; phases alternate off/on (5 rounds by
 * default) so that the shared machine's load hits both alike, and the medians are compared: events/s,
 * this JVM's CPU per event (ingest and clients) and redis-server's CPU per event (INFO cpu), the
 * CPU figures being the steadier ones on a loaded machine. Also times the limiter alone: one call
 * at a time, and 64 in flight.
 */
public final class RateLimitCostHarness {

    private static final String REDIS = System.getProperty("redis", "redis://127.0.0.1:6379");
    private static final int EVENTS = Integer.getInteger("events", 200_000);
    private static final int CLIENTS = Integer.getInteger("clients", 4);
    private static final int ROUNDS = Integer.getInteger("rounds", 5);
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private RateLimitCostHarness() {
    }

    public static void main(String[] args) throws Exception {
        List<String> lines = LoghubLines.load();
        String prefix = "bench-rl:" + UUID.randomUUID() + ":";
        int offPort = freePort();
        int onPort = freePort();
        ConfigurableApplicationContext off = ingest(prefix + "off:", offPort, false);
        ConfigurableApplicationContext on = ingest(prefix + "on:", onPort, true);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int batch : Boolean.getBoolean("limiterOnly") ? new int[0] : new int[] {500, 50}) {
                push(pool, offPort, lines, EVENTS / 4, batch);
                push(pool, onPort, lines, EVENTS / 4, batch);
                List<Phase> offPhases = new ArrayList<>();
                List<Phase> onPhases = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    offPhases.add(measure(pool, offPort, lines, batch));
                    onPhases.add(measure(pool, onPort, lines, batch));
                }
                report(batch, "limits off (baseline)", offPhases, null);
                report(batch, "limits on", onPhases, offPhases);
            }
            limiterAlone(prefix);
        } finally {
            pool.shutdownNow();
            on.close();
            off.close();
            try (BufferStream keys = new BufferStream(REDIS, prefix)) {
                keys.deleteAll();
            }
        }
    }

    /** One phase's wall-clock rate and CPU per event: this JVM (ingest + clients) and redis-server. */
    private record Phase(double perSecond, double jvmMicrosPerEvent, double redisMicrosPerEvent) {
    }

    private static Phase measure(ExecutorService pool, int port, List<String> lines, int batch) throws Exception {
        long jvm = OS.getProcessCpuTime();
        double redis = redisCpuSeconds();
        double perSecond = push(pool, port, lines, EVENTS, batch);
        double jvmMicros = (OS.getProcessCpuTime() - jvm) / 1e3 / EVENTS;
        double redisMicros = (redisCpuSeconds() - redis) * 1e6 / EVENTS;
        return new Phase(perSecond, jvmMicros, redisMicros);
    }

    private static void report(int batch, String name, List<Phase> phases, List<Phase> baseline) {
        double rate = median(phases.stream().map(Phase::perSecond).toList());
        double jvm = median(phases.stream().map(Phase::jvmMicrosPerEvent).toList());
        double redis = median(phases.stream().map(Phase::redisMicrosPerEvent).toList());
        String ratio = "";
        if (baseline != null) {
            ratio = String.format(Locale.ROOT, "; ÷ baseline: events/s %.2f×, JVM CPU %.2f×, Redis CPU %.2f×",
                    rate / median(baseline.stream().map(Phase::perSecond).toList()),
                    jvm / median(baseline.stream().map(Phase::jvmMicrosPerEvent).toList()),
                    redis / median(baseline.stream().map(Phase::redisMicrosPerEvent).toList()));
        }
        System.out.printf(Locale.ROOT, "batch %d, %d clients, %,d events × %d phases, %s: events/s %s median %,.0f;"
                + " JVM CPU-µs/event median %.2f; redis-server CPU-µs/event median %.3f%s%n",
                batch, CLIENTS, EVENTS, phases.size(), name, format(phases.stream().map(Phase::perSecond).toList()), rate, jvm, redis, ratio);
    }

    /** used_cpu_user + used_cpu_sys of redis-server (INFO cpu), in seconds. */
    private static double redisCpuSeconds() {
        try (RedisClient client = RedisClient.create(REDIS); var connection = client.connect()) {
            double seconds = 0;
            for (String line : connection.sync().info("cpu").split("\r?\n")) {
                if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                    seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return seconds;
        }
    }

    private static void limiterAlone(String prefix) {
        RedisClient client = RedisClient.create(REDIS);
        try (SluiceRedis redis = new SluiceRedis(client, new RedisKeys(prefix))) {
            RateLimiter limiter = new RedisRateLimiter(redis, tenant -> new TenantRate(1_000_000_000L, 1L << 40, Duration.ofSeconds(2)),
                    Duration.ofSeconds(5));
            for (int i = 0; i < 5_000; i++) {
                limiter.acquire("t", 500, 100_000).block();
            }
            int calls = 20_000;
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                limiter.acquire("t" + (i % 8), 500, 100_000).block();
            }
            double serialMicros = (System.nanoTime() - start) / 1e3 / calls;
            long jvm = OS.getProcessCpuTime();
            double redisCpu = redisCpuSeconds();
            start = System.nanoTime();
            Flux.range(0, calls * 5).flatMap(i -> limiter.acquire("t" + (i % 8), 500, 100_000), 64).blockLast();
            double perSecond = calls * 5 / ((System.nanoTime() - start) / 1e9);
            double jvmMicros = (OS.getProcessCpuTime() - jvm) / 1e3 / (calls * 5);
            double redisMicros = (redisCpuSeconds() - redisCpu) * 1e6 / (calls * 5);
            System.out.printf(Locale.ROOT, "limiter alone: %.1f µs per call one at a time; %,.0f calls/s with 64 in flight,"
                    + " costing %.1f JVM CPU-µs and %.1f redis-server CPU-µs per call%n", serialMicros, perSecond, jvmMicros, redisMicros);
        } finally {
            client.shutdown();
        }
    }

    private static ConfigurableApplicationContext ingest(String prefix, int grpcPort, boolean limits) {
        return new SpringApplicationBuilder(IngestApplication.class)
                .properties(IngestApplication.defaultProperties())
                .run("--server.port=0", "--spring.grpc.server.port=" + grpcPort, "--sluice.redis.url=" + REDIS,
                        "--sluice.redis.key-prefix=" + prefix, "--sluice.ingest.limits.enabled=" + limits,
                        "--sluice.agent.enabled=false", "--logging.level.root=WARN");
    }

    /** Pushes {@code events} lines from {@link #CLIENTS} threads; returns events/s. */
    private static double push(ExecutorService pool, int port, List<String> lines, int events, int batchSize) throws Exception {
        ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + port, InsecureChannelCredentials.create()).build();
        try {
            List<LogBatch> batches = new ArrayList<>();
            String key = UUID.randomUUID().toString();
            long nanos = System.currentTimeMillis() * 1_000_000L;
            for (int from = 0, seq = 0; from < events; from += batchSize, seq++) {
                LogBatch.Builder batch = LogBatch.newBuilder().setIdempotencyKey(key + ":" + seq);
                for (int i = from; i < Math.min(events, from + batchSize); i++) {
                    batch.addEvents(LogEvent.newBuilder().setTimestampUnixNanos(nanos).setService("bench").setHost("bench-host")
                            .setLevel("INFO").setMessage(lines.get(i % lines.size())).setAttributesJson("{\"thread\":\"main\"}"));
                }
                batches.add(batch.build());
            }
            AtomicLong next = new AtomicLong();
            AtomicLong accepted = new AtomicLong();
            IngestServiceGrpc.IngestServiceBlockingStub stub = IngestServiceGrpc.newBlockingStub(channel);
            long start = System.nanoTime();
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    for (long i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
                        accepted.addAndGet(stub.withDeadlineAfter(60, TimeUnit.SECONDS).push(batches.get((int) i)).getAccepted());
                    }
                }));
            }
            for (Future<?> client : clients) {
                client.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (accepted.get() != events) {
                throw new IllegalStateException("accepted " + accepted.get() + " of " + events);
            }
            return events / seconds;
        } finally {
            channel.shutdownNow();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String format(List<Double> rates) {
        return rates.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r)).toList().toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
