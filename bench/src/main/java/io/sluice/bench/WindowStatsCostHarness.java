package io.sluice.bench;

import com.sun.management.OperatingSystemMXBean;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sluice.analytics.anomaly.AnomalyProperties;
import io.sluice.analytics.anomaly.AnomalyRecorder;
import io.sluice.analytics.consume.EntryProcessor;
import io.sluice.analytics.match.FindingsSink;
import io.sluice.analytics.template.TemplateMining;
import io.sluice.analytics.window.StatsWriter;
import io.sluice.analytics.window.WindowProperties;
import io.sluice.analytics.window.WindowRecorder;
import io.sluice.analytics.window.WindowStage;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.platform.redis.RedisKeys;
import io.sluice.platform.redis.SluiceRedis;
import io.sluice.platform.stream.StreamBatch;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import reactor.core.publisher.Flux;

/**
 * What window statistics cost analytics' consumer: buffer entries of real Loghub lines (200 events
 * each; {@code runs}: 200 consecutive lines of one system, as one service's request would carry;
 * {@code mixed}: 200 random lines of all 8 systems, nearly one series per event — the worst case;
 * levels from the lines, {@code latency_ms} in the attributes of every other event)
 * go through analytics' {@link EntryProcessor} against the real Redis, exactly as the consumer hands
 * them over (batches of 64 entries, 8 entries of a batch and 4 batches at once), in alternating
 * rounds without and with the {@link WindowRecorder} — both with the minute statistics and anomaly
 * recording (the baseline: analytics before window statistics), no alert matching. Prints events/s
 * (wall), CPU-µs per event of this JVM and of redis-server. Run by hand from the checkout root:
 * {@code java -cp bench/target/benchmarks.jar io.sluice.bench.WindowStatsCostHarness [rounds] [entriesPerRound] [runs|mixed]}.
 */
public final class WindowStatsCostHarness {

    private static final int EVENTS_PER_ENTRY = 200;
    private static final String TENANT = "h_window_bench";

    private WindowStatsCostHarness() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int entries = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        boolean mixed = args.length > 2 && args[2].equals("mixed");
        String prefix = "h_window_bench:" + UUID.randomUUID() + ":";
        RedisClient client = RedisClient.create(System.getProperty("redis", "redis://127.0.0.1:6379"));
        SluiceRedis redis = new SluiceRedis(client, new RedisKeys(prefix));
        StatefulRedisConnection<String, String> plain = client.connect();
        RedisCpu redisCpu = new RedisCpu(plain);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try {
            List<String> lines = LoghubLines.load();
            StatsWriter stats = new StatsWriter(redis, Duration.ofHours(48));
            AnomalyRecorder anomalies = new AnomalyRecorder(redis, new AnomalyProperties(true, Duration.ofMinutes(1), Duration.ofSeconds(30),
                    Duration.ofSeconds(5), 60, 6, 10, 10_000, Duration.ofDays(7)));
            WindowRecorder windows = new WindowRecorder(redis, new WindowProperties(true, Duration.ofMinutes(5),
                    List.of("latency_ms", "duration_ms", "response_time_ms"), 2, new WindowProperties.Retention(Duration.ofHours(2),
                    Duration.ofDays(2), Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(30))));
            TemplateMining mining = new TemplateMining();
            EntryProcessor before = new EntryProcessor(stats, FindingsSink.NONE, anomalies, WindowStage.NONE, mining);
            EntryProcessor after = new EntryProcessor(stats, FindingsSink.NONE, anomalies, windows, mining);
            long[] clock = {System.currentTimeMillis() - 3_600_000L};
            Random random = new Random(7);
            run(before, entries(lines, 128, clock, random, "warm-a", mixed));
            run(after, entries(lines, 128, clock, random, "warm-b", mixed));
            System.out.printf("redis CPU from %s; %d entries x %d events per round, %s%n", redisCpu.source(), entries, EVENTS_PER_ENTRY,
                    mixed ? "mixed lines" : "runs of one system's lines");
            for (int r = 0; r < rounds; r++) {
                for (boolean withWindows : new boolean[] {false, true}) {
                    List<StreamBatch> batches = entries(lines, entries, clock, random, "r" + r + (withWindows ? "w" : "b"), mixed);
                    long events = (long) entries * EVENTS_PER_ENTRY;
                    double redis0 = redisCpu.seconds();
                    long cpu0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    run(withWindows ? after : before, batches);
                    long wall = System.nanoTime() - t0;
                    long cpu = os.getProcessCpuTime() - cpu0;
                    double redisSeconds = redisCpu.seconds() - redis0;
                    System.out.printf("round %d %-16s %,9.0f events/s  JVM %5.2f CPU-µs/event  redis %5.2f CPU-µs/event%n", r + 1,
                            withWindows ? "with windows" : "without windows", events / (wall / 1e9), cpu / 1_000.0 / events,
                            redisSeconds * 1e6 / events);
                }
            }
        } finally {
            ScanIterator<String> keys = ScanIterator.scan(plain.sync(), ScanArgs.Builder.matches(prefix + "*").limit(1000));
            while (keys.hasNext()) {
                plain.sync().del(keys.next());
            }
            plain.close();
            redis.close();
            client.shutdown();
        }
    }

    /** Feeds the batches as the consumer does: 4 batches in flight, each processing 8 entries at once. */
    private static void run(EntryProcessor processor, List<StreamBatch> batches) {
        Flux.fromIterable(batches).flatMap(processor::handle, 4).then().block(Duration.ofMinutes(10));
    }

    private static List<StreamBatch> entries(List<String> lines, int count, long[] clock, Random random, String round, boolean mixed) {
        List<StreamBatch> batches = new ArrayList<>();
        List<StreamMessage<String, byte[]>> current = new ArrayList<>();
        String stream = "bench:{" + TENANT + ".0}";
        for (int n = 0; n < count; n++) {
            LogBatch.Builder batch = LogBatch.newBuilder();
            int system = random.nextInt(8);
            int first = system * (lines.size() / 8) + random.nextInt(lines.size() / 8 - EVENTS_PER_ENTRY);
            for (int i = 0; i < EVENTS_PER_ENTRY; i++) {
                int at = mixed ? random.nextInt(lines.size()) : first + i;
                String line = lines.get(at);
                LogEvent.Builder e = LogEvent.newBuilder().setTenant(TENANT).setService("system-" + at * 8 / lines.size())
                        .setHost("node-1").setLevel(level(line)).setMessage(line).setTimestampUnixNanos((clock[0] += 2) * 1_000_000L);
                if (i % 2 == 0) {
                    e.setAttributesJson("{\"route\":\"/api\",\"latency_ms\":" + (long) Math.exp(random.nextGaussian() + 4) + "}");
                }
                batch.addEvents(e);
            }
            current.add(new StreamMessage<>(stream, round + "-" + n, Map.of("b", batch.build().toByteArray())));
            if (current.size() == 64) {
                batches.add(new StreamBatch(stream, current));
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            batches.add(new StreamBatch(stream, current));
        }
        return batches;
    }

    private static String level(String line) {
        if (line.contains("ERROR") || line.contains("error") || line.contains("FATAL")) {
            return "ERROR";
        }
        return line.contains("WARN") ? "WARN" : "INFO";
    }
}
