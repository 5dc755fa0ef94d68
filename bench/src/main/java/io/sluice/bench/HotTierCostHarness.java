package io.sluice.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sluice.common.event.EventIds;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.logstore.hot.HotTierKeys;
import io.sluice.pipeline.hot.HotTier;
import io.sluice.platform.redis.RedisKeys;
import io.sluice.platform.redis.SluiceRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the hot tier costs Redis per event: pipeline-service's {@link HotTier} (one stream entry per
 * buffer entry) against the script it replaced (one {@code XADD MAXLEN ~} per event, the named
 * baseline, kept here verbatim), writing the same real Loghub lines in entries of {@code perEntry}
 * events, {@code 64} entries' scripts at a time as the pipeline sends them, past the cap so trimming
 * runs. Reports redis-server CPU µs per event ({@link RedisCpu}), Redis commands per 1,000 events
 * (INFO commandstats, scripts' inner commands included) and wall time, for
 * {@code rounds} alternating runs. Use a private redis-server ({@code -Dredis=redis://127.0.0.1:6390})
 * so no other client's work is counted.
 *
 * <pre>java -cp bench/target/benchmarks.jar -Dredis=redis://127.0.0.1:6390 io.sluice.bench.HotTierCostHarness</pre>
 */
public final class HotTierCostHarness {

    private static final String REDIS = System.getProperty("redis", "redis://127.0.0.1:6379");
    private static final int EVENTS = Integer.getInteger("events", 200_000);
    private static final int PER_ENTRY = Integer.getInteger("perEntry", 100);
    private static final int ROUNDS = Integer.getInteger("rounds", 2);
    private static final long CAP = Long.getLong("cap", 100_000);
    private static final int IN_FLIGHT = 64;

    private HotTierCostHarness() {
    }

    public static void main(String[] args) {
        List<String> lines = LoghubLines.load();
        List<List<LogEvent>> entries = new ArrayList<>();
        for (int made = 0; made < EVENTS; ) {
            List<LogEvent> entry = new ArrayList<>(PER_ENTRY);
            EventIds.Batch ids = EventIds.batch();
            for (int i = 0; i < PER_ENTRY && made < EVENTS; i++, made++) {
                entry.add(LogEvent.newBuilder().setId(ids.next()).setTenant("hot-cost").setService("svc-" + made % 7)
                        .setHost("host-" + made % 4).setLevel("INFO").setMessage(lines.get(made % lines.size()))
                        .setTimestampUnixNanos(System.currentTimeMillis() * 1_000_000L).build());
            }
            entries.add(entry);
        }
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> stats = client.connect()) {
            RedisCpu cpu = new RedisCpu(stats);
            System.out.printf(Locale.ROOT, "%,d events in entries of %d, cap %,d, redis %s, CPU from %s%n",
                    EVENTS, PER_ENTRY, CAP, REDIS, cpu.source());
            System.out.println("| run | redis-server CPU µs/event | Redis commands / 1,000 events | wall s |");
            System.out.println("|---|---|---|---|");
            for (int round = 1; round <= ROUNDS; round++) {
                run("one XADD per event (baseline)", client, stats, cpu, entries,
                        redis -> new PerEventHotTier(redis, CAP, Duration.ofMinutes(10))::write);
                run("one entry per batch (HotTier)", client, stats, cpu, entries,
                        redis -> new HotTier(redis, CAP, Duration.ofMinutes(10))::write);
            }
        } finally {
            client.shutdown();
        }
    }

    private static void run(String name, RedisClient client, StatefulRedisConnection<String, String> stats, RedisCpu cpu,
            List<List<LogEvent>> entries, java.util.function.Function<SluiceRedis, BiFunction<String, List<LogEvent>, Mono<Long>>> writer) {
        RedisKeys keys = new RedisKeys("bench-hot:" + UUID.randomUUID() + ":");
        SluiceRedis redis = new SluiceRedis(client, keys);
        try {
            BiFunction<String, List<LogEvent>, Mono<Long>> write = writer.apply(redis);
            write.apply("warm-up", entries.get(0)).block(Duration.ofMinutes(1));
            long calls = calls(stats);
            double cpuBefore = cpu.seconds();
            long start = System.nanoTime();
            int[] n = {0};
            Flux.fromIterable(entries)
                    .flatMapSequential(e -> write.apply("hot-cost.0/" + n[0]++ + "-0", e), IN_FLIGHT)
                    .blockLast(Duration.ofMinutes(10));
            double wall = (System.nanoTime() - start) / 1e9;
            double cpuUsed = cpu.seconds() - cpuBefore;
            long commands = calls(stats) - calls;
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.1f | %.1f |%n", name, cpuUsed * 1e6 / EVENTS, commands * 1000.0 / EVENTS, wall);
            stats.sync().del(HotTierKeys.stream(keys, "hot-cost"));
            stats.sync().keys(keys.prefix() + "*").forEach(k -> stats.sync().del(k));
        } finally {
            redis.close();
        }
    }

    private static long calls(StatefulRedisConnection<String, String> stats) {
        long total = 0;
        for (String line : stats.sync().info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_") && !line.startsWith("cmdstat_info")) {
                int at = line.indexOf("calls=") + "calls=".length();
                total += Long.parseLong(line.substring(at, line.indexOf(',', at)));
            }
        }
        return total;
    }

    /** The hot-tier writer before one entry per batch: one XADD MAXLEN ~ per event in its script (verbatim). */
    private static final class PerEventHotTier {

        private static final String SCRIPT = """
                if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then
                  return -1
                end
                local n = 0
                for i = 3, #ARGV, 2 do
                  redis.call('XADD', KEYS[tonumber(ARGV[i])], 'MAXLEN', '~', ARGV[2], '*', 'e', ARGV[i + 1])
                  n = n + 1
                end
                return n
                """;

        private final SluiceRedis redis;
        private final String sha;
        private final byte[] maxEvents;
        private final byte[] dedupMillis;

        PerEventHotTier(SluiceRedis redis, long maxEventsPerTenant, Duration dedupWindow) {
            this.redis = redis;
            this.sha = redis.binary().digest(SCRIPT);
            this.maxEvents = ascii(Long.toString(maxEventsPerTenant));
            this.dedupMillis = ascii(Long.toString(Math.max(1, dedupWindow.toMillis())));
        }

        Mono<Long> write(String entryId, List<LogEvent> events) {
            Map<String, Integer> keyIndex = new LinkedHashMap<>();
            keyIndex.put(redis.keys().key("pipeline:hot-done:" + entryId), 1);
            List<byte[]> args = new ArrayList<>(2 + events.size() * 2);
            args.add(dedupMillis);
            args.add(maxEvents);
            for (LogEvent e : events) {
                int index = keyIndex.computeIfAbsent(HotTierKeys.stream(redis.keys(), e.getTenant()), k -> keyIndex.size() + 1);
                args.add(ascii(Integer.toString(index)));
                args.add(e.toByteArray());
            }
            String[] keys = keyIndex.keySet().toArray(String[]::new);
            byte[][] values = args.toArray(byte[][]::new);
            return redis.binary().<Long>evalsha(sha, ScriptOutputType.INTEGER, keys, values)
                    .onErrorResume(RedisNoScriptException.class, e -> redis.binary().eval(SCRIPT, ScriptOutputType.INTEGER, keys, values))
                    .next();
        }

        private static byte[] ascii(String s) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }
    }
}
