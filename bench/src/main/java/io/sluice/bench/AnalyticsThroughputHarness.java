package io.sluice.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.sluice.analytics.AnalyticsApplication;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.platform.redis.RedisKeys;
import io.sluice.platform.tenant.ApiKeyFormat;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 6's "events/s through analytics with 1,000 keyword rules active": runs the real
 * analytics-service consumer ({@link AnalyticsApplication} in this JVM: consumer group on the
 * buffer streams → {@code EntryProcessor} → minute statistics in Redis, anomaly stage, rule
 * matching → gRPC {@code AlertIntake.Report} → {@code XACK}) over a buffer pre-filled with
 * {@code events} (300,000) Loghub-2k lines (tenant {@code bench}, 4 shard streams, entries of
 * {@code batch} (500) events as ingest writes them; services and levels as in
 * {@link KeywordMatchBenchmark}, event times spread over the last 5 minutes), once with the
 * 1,000 keyword/regex rules of {@link KeywordMatchBenchmark} and once with none — the baseline —
 * alternating for {@code rounds} (2) rounds in the same JVM, after a warm-up round of both with
 * {@code warmupEvents} (100,000) events (printed, not in the table: it includes the JIT's work). alert-service is played by a
 * {@link RecordingAlertIntake} on a loopback port (serves the rules, acknowledges reports, stores
 * nothing). Each phase has its own Redis key prefix and a fresh analytics context; the buffer is
 * filled before the streams are registered, analytics is started and has fetched the rules (two
 * {@code ListMatchers} calls seen), then the streams are registered and the clock starts; it stops
 * when every stream's group has delivered its last entry and nothing is pending. Prints events/s,
 * the JVM's and redis-server's CPU µs per event, reports and matches per event.
 * Run: {@code java -Xms1g -Xmx1g -cp bench/target/benchmarks.jar io.sluice.bench.AnalyticsThroughputHarness}.
 */
public final class AnalyticsThroughputHarness {

    private static final int EVENTS = Integer.getInteger("events", 300_000);
    private static final int BATCH = Integer.getInteger("batch", 500);
    private static final int ROUNDS = Integer.getInteger("rounds", 2);
    private static final int WARMUP_EVENTS = Integer.getInteger("warmupEvents", 100_000);
    private static final int SHARDS = 4;
    private static final String REDIS = System.getProperty("redis", "redis://127.0.0.1:6379");
    private static final String DATABASE = System.getProperty("database", "h_alertbench_analytics");
    private static final String MYSQL_HOST = System.getProperty("mysqlHost", "127.0.0.1:3306");
    private static final String TENANT = KeywordMatchBenchmark.TENANT;
    private static final String GROUP = "analytics";

    private AnalyticsThroughputHarness() {
    }

    public static void main(String[] args) throws Exception {
        recreateDatabase();
        List<String> lines = LoghubLines.load();
        List<String> queries = KeywordMatchBenchmark.queries(lines, new Random(6));
        RedisClient client = RedisClient.create(REDIS);
        List<String> rows = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%,d events per phase in entries of %d, %d rounds; load average at start: %s", EVENTS, BATCH, ROUNDS,
                loadAverage());
        try (RecordingAlertIntake intake = new RecordingAlertIntake();
                StatefulRedisConnection<String, byte[]> binary = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
                StatefulRedisConnection<String, String> strings = client.connect()) {
            RedisCpu redisCpu = new RedisCpu(strings);
            for (int rules : new int[] {0, queries.size()}) {
                intake.serve(TENANT, queries.subList(0, rules));
                phase("warm-up", WARMUP_EVENTS, rules, lines, intake, binary, strings, redisCpu);
            }
            for (int round = 0; round < ROUNDS; round++) {
                for (int rules : new int[] {0, queries.size()}) {
                    intake.serve(TENANT, queries.subList(0, rules));
                    rows.add(phase(Integer.toString(round + 1), EVENTS, rules, lines, intake, binary, strings, redisCpu));
                }
            }
        } finally {
            client.shutdown();
        }
        System.out.println();
        System.out.println("| round | rules | events | seconds | **events/s** | JVM CPU µs/event | redis-server CPU µs/event | reports per 1,000 events | matches per event |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "load average at end: %s", loadAverage());
    }

    private static String phase(String round, int events, int rules, List<String> lines, RecordingAlertIntake intake,
            StatefulRedisConnection<String, byte[]> binary, StatefulRedisConnection<String, String> strings, RedisCpu redisCpu)
            throws Exception {
        String prefix = "h_alertbench:analytics:" + UUID.randomUUID() + ":";
        RedisKeys keys = new RedisKeys(prefix);
        String[] lastIds = fill(keys, events, lines, binary);
        long listCallsBefore = intake.listCalls();
        ConfigurableApplicationContext analytics = new SpringApplicationBuilder(AnalyticsApplication.class)
                .properties(Map.of("spring.application.name", "analytics-service", "spring.grpc.server.enabled", "false"))
                .run("--server.port=" + freePort(), "--sluice.redis.url=" + REDIS, "--sluice.redis.key-prefix=" + prefix,
                        "--sluice.mysql.url=mysql://root@" + MYSQL_HOST + "/" + DATABASE, "--sluice.agent.enabled=false",
                        "--logging.level.root=WARN", "--sluice.tenancy.bootstrap-api-key=" + ApiKeyFormat.generate(),
                        "--sluice.analytics.alert-target=static://127.0.0.1:" + intake.port());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (intake.listCalls() < listCallsBefore + 2) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("analytics did not fetch the rules within 2 minutes");
                }
                Thread.sleep(20);
            }
            long reportsBefore = intake.reports();
            long matchesBefore = intake.matches();
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            double redisBefore = redisCpu.seconds();
            long cpuBefore = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            for (int shard = 0; shard < SHARDS; shard++) {
                strings.sync().sadd(keys.bufferRegistry(), keys.bufferStream(TENANT, shard));
            }
            deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (!consumed(keys, lastIds, strings)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("analytics did not consume the buffer within 10 minutes");
                }
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double jvmUs = (os.getProcessCpuTime() - cpuBefore) / 1e3 / events;
            double redisUs = (redisCpu.seconds() - redisBefore) * 1e6 / events;
            String row = String.format(Locale.ROOT, "| %s | %,d | %,d | %.1f | **%,.0f** | %.1f | %.1f | %.1f | %.3f |", round, rules, events, seconds,
                    events / seconds, jvmUs, redisUs, (intake.reports() - reportsBefore) * 1000.0 / events,
                    (intake.matches() - matchesBefore) / (double) events);
            System.out.println(row + " load " + loadAverage().trim());
            return row;
        } finally {
            analytics.close();
            delete(prefix, strings);
        }
    }

    /** XADDs the events to the 4 shard streams (not registered yet); returns each stream's last entry id. */
    private static String[] fill(RedisKeys keys, int events, List<String> lines, StatefulRedisConnection<String, byte[]> binary) throws Exception {
        long now = System.currentTimeMillis();
        long spanMillis = TimeUnit.MINUTES.toMillis(5);
        List<RedisFuture<String>> futures = new ArrayList<>();
        int[] shardOf = new int[(events + BATCH - 1) / BATCH];
        int entry = 0;
        for (int first = 0; first < events; first += BATCH, entry++) {
            LogBatch.Builder batch = LogBatch.newBuilder().setIdempotencyKey("fill:" + first);
            for (int i = first; i < Math.min(events, first + BATCH); i++) {
                int line = i % lines.size();
                long millis = now - spanMillis + (long) ((double) i / events * spanMillis);
                batch.addEvents(LogEvent.newBuilder().setTenant(TENANT).setId(Long.toHexString(millis) + Integer.toHexString(i))
                        .setTimestampUnixNanos(millis * 1_000_000L).setService(KeywordMatchBenchmark.service(line)).setHost("node-1")
                        .setLevel(KeywordMatchBenchmark.level(line)).setMessage(lines.get(line)));
            }
            shardOf[entry] = entry % SHARDS;
            futures.add(binary.async().xadd(keys.bufferStream(TENANT, shardOf[entry]), Map.of("b", batch.build().toByteArray())));
        }
        String[] last = new String[SHARDS];
        for (int e = 0; e < futures.size(); e++) {
            last[shardOf[e]] = futures.get(e).get(60, TimeUnit.SECONDS);
        }
        return last;
    }

    /** Whether the group has delivered every stream's last entry and has nothing pending. */
    private static boolean consumed(RedisKeys keys, String[] lastIds, StatefulRedisConnection<String, String> strings) {
        for (int shard = 0; shard < SHARDS; shard++) {
            List<Object> groups = strings.sync().xinfoGroups(keys.bufferStream(TENANT, shard));
            boolean done = false;
            for (Object g : groups) {
                List<?> fields = (List<?>) g;
                String name = null;
                String lastDelivered = null;
                long pending = -1;
                for (int i = 0; i + 1 < fields.size(); i += 2) {
                    switch (String.valueOf(fields.get(i))) {
                        case "name" -> name = String.valueOf(fields.get(i + 1));
                        case "last-delivered-id" -> lastDelivered = String.valueOf(fields.get(i + 1));
                        case "pending" -> pending = ((Number) fields.get(i + 1)).longValue();
                        default -> { }
                    }
                }
                done |= GROUP.equals(name) && lastIds[shard].equals(lastDelivered) && pending == 0;
            }
            if (!done) {
                return false;
            }
        }
        return true;
    }

    private static void delete(String prefix, StatefulRedisConnection<String, String> strings) {
        ScanIterator<String> keys = ScanIterator.scan(strings.sync(), ScanArgs.Builder.matches(prefix + "*").limit(500));
        while (keys.hasNext()) {
            strings.sync().del(keys.next());
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg"));
        } catch (IOException e) {
            return "unknown\n";
        }
    }

    private static void recreateDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + MYSQL_HOST + "/", "root", "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
            s.execute("CREATE DATABASE `" + DATABASE + "`");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
