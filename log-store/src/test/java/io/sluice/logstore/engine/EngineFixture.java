package io.sluice.logstore.engine;

import io.lettuce.core.RedisClient;
import io.lettuce.core.XAddArgs;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.logstore.hot.HotEntryCodec;
import io.sluice.logstore.hot.HotTierKeys;
import io.sluice.logstore.hot.HotTierReader;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.platform.redis.RedisKeys;
import io.sluice.platform.redis.SluiceRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import reactor.core.scheduler.Schedulers;

/**
 * Known events of two tenants, archived (as chunks) and, for the newest of them, also in the hot
 * tier on the real Redis under a unique prefix, as the pipeline leaves them; plus an engine over
 * both. Closing deletes the Redis keys.
 */
final class EngineFixture implements AutoCloseable {

    static final long MS = 1_000_000L;
    static final long BASE_MS = 1_800_000_000_000L;
    static final long SLICE_NANOS = Duration.ofMinutes(10).toNanos();
    static final Duration SKEW = Duration.ofMinutes(1);

    private static final String[] SERVICES = {"api", "web", "db"};
    private static final String[] HOSTS = {"h1", "h2"};
    private static final String[] LEVELS = {"DEBUG", "INFO", "INFO", "INFO", "WARN", "ERROR"};

    private final RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
    private final RedisKeys keys = new RedisKeys("test:" + UUID.randomUUID() + ":");
    private final SluiceRedis redis = new SluiceRedis(client, keys);
    final List<ArchivedEvent> events = new ArrayList<>();
    final List<ArchivedEvent> hotEvents = new ArrayList<>();
    long hotCoveredFromNanos = Long.MAX_VALUE;
    ListChunkScan scan;

    /**
     * {@code perTenant} events per tenant over two hours from {@link #BASE_MS}, some sharing a
     * timestamp; the newest {@code hotCount} of tenant t1 (by write order) also in its hot stream.
     */
    EngineFixture(int perTenant, int hotCount, Duration readDelay) {
        events.addAll(generate(perTenant));
        scan = new ListChunkScan(events, SLICE_NANOS, readDelay);
        writeHot(hotCount);
    }

    /** Known events of tenants t1 and t2, {@code perTenant} each over about two hours, some sharing a timestamp. */
    static List<ArchivedEvent> generate(int perTenant) {
        List<ArchivedEvent> events = new ArrayList<>();
        Random random = new Random(42);
        for (String tenant : List.of("t1", "t2")) {
            long ms = BASE_MS;
            for (int i = 0; i < perTenant; i++) {
                ms += random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(2 * 3_600_000 / perTenant * 2);
                events.add(event(tenant, i, ms, random));
            }
        }
        return events;
    }

    /** A fixture over events already archived elsewhere: only the hot tier is written here. */
    EngineFixture(List<ArchivedEvent> archived, int hotCount) {
        events.addAll(archived);
        writeHot(hotCount);
    }

    RedisKeys keys() {
        return keys;
    }

    private void writeHot(int hotCount) {
        List<ArchivedEvent> t1 = events.stream().filter(e -> e.tenant().equals("t1")).toList();
        List<ArchivedEvent> hot = t1.subList(t1.size() - hotCount, t1.size());
        // The pipeline writes each buffer entry's events shortly after their time; the oldest entries were trimmed.
        // The oldest third as entries of the earlier one-event format, written before an upgrade; the rest in
        // entries of up to 3 events, as the pipeline writes them now.
        int legacy = hotCount / 3;
        for (int i = 0; i < hot.size(); ) {
            int n = i < legacy ? 1 : Math.min(3, hot.size() - i);
            List<ArchivedEvent> entry = hot.subList(i, i + n);
            long addedMs = entry.get(n - 1).timestampNanos() / MS + 50;
            List<LogEvent> protos = entry.stream().map(EngineFixture::proto).toList();
            Map<String, byte[]> body = i < legacy
                    ? Map.of(HotEntryCodec.LEGACY_EVENT, protos.get(0).toByteArray())
                    : Map.of(HotEntryCodec.COUNT, Integer.toString(n).getBytes(StandardCharsets.US_ASCII),
                            HotEntryCodec.EVENTS, HotEntryCodec.encode(protos));
            String id = redis.binary().xadd(HotTierKeys.stream(keys, "t1"), new XAddArgs().id(addedMs + "-*"), body).block();
            hotCoveredFromNanos = Math.min(hotCoveredFromNanos, Long.parseLong(id.substring(0, id.indexOf('-'))) * MS + SKEW.toNanos());
            hotEvents.addAll(entry);
            i += n;
        }
    }

    private static LogEvent proto(ArchivedEvent e) {
        return LogEvent.newBuilder().setId(e.id()).setTenant(e.tenant()).setTimestampUnixNanos(e.timestampNanos())
                .setService(e.service()).setHost(e.host()).setLevel(e.level()).setMessage(e.message())
                .setFieldsJson(e.fieldsJson() == null ? "" : e.fieldsJson()).build();
    }

    private static ArchivedEvent event(String tenant, int i, long ms, Random random) {
        String service = SERVICES[random.nextInt(SERVICES.length)];
        String host = HOSTS[random.nextInt(HOSTS.length)];
        String level = LEVELS[random.nextInt(LEVELS.length)];
        int latency = random.nextInt(1000);
        String message;
        String fields = null;
        switch (random.nextInt(4)) {
            case 0 -> message = "request to /orders timeout after " + latency + " ms";
            case 1 -> {
                message = "{\"msg\":\"served\",\"status\":" + (random.nextBoolean() ? 200 : 503) + ",\"latency_ms\":" + latency + "}";
                fields = message;
            }
            case 2 -> message = "user=u" + random.nextInt(20) + " action=login latency_ms=" + latency;
            default -> message = "cache " + (random.nextBoolean() ? "hit" : "miss") + " key=k" + random.nextInt(50);
        }
        String id = String.format(Locale.ROOT, "%016x%016x", ms, (long) i * 7919 + tenant.hashCode() & 0xffffffffL);
        long ns = ms * MS;
        return new ArchivedEvent(id, tenant, ns, service, host, level, message, null, fields);
    }

    DefaultLogQueryEngine engine(EngineProperties properties, Duration timeout) {
        HotTierReader hot = new HotTierReader(redis, SKEW, 7, properties.maxHotEvents(), Schedulers.boundedElastic());
        return new DefaultLogQueryEngine(scan, hot, properties, timeout, Schedulers.boundedElastic());
    }

    DefaultLogQueryEngine engine() {
        return engine(EngineProperties.defaults(), Duration.ofSeconds(30));
    }

    static long fromNanos() {
        return BASE_MS * MS;
    }

    static long toNanos() {
        return (BASE_MS + 10 * 3_600_000L) * MS;
    }

    @Override
    public void close() {
        redis.strings().keys(keys.prefix() + "*").flatMap(k -> redis.strings().del(k)).blockLast();
        redis.close();
        client.shutdown();
    }
}
