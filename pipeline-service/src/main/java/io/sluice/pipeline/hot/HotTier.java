package io.sluice.pipeline.hot;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.logstore.hot.HotTierKeys;
import io.sluice.platform.redis.SluiceRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The hot tier: each tenant's recent events in a capped Redis stream {@code {p}hot:{tenant}} ({@link HotTierKeys})
 * (field {@code e}: one {@link LogEvent} protobuf including {@code fields_json}), trimmed with
 * {@code MAXLEN ~}. One Lua script per buffer entry appends its events and sets a marker
 * {@code {p}pipeline:hot-done:{entryId}} in the same atomic step, so an entry redelivered within
 * the dedup window (a consumer died after this write but before its XACK) is not appended twice.
 * The script runs by EVALSHA (loaded again on NOSCRIPT), so its text is not sent with every entry.
 */
public class HotTier {

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

    /** Writes through {@code redis}'s shared connection. */
    public HotTier(SluiceRedis redis, long maxEventsPerTenant, Duration dedupWindow) {
        this.redis = redis;
        this.sha = redis.binary().digest(SCRIPT);
        this.maxEvents = ascii(Long.toString(maxEventsPerTenant));
        this.dedupMillis = ascii(Long.toString(Math.max(1, dedupWindow.toMillis())));
    }

    /** The hot stream of {@code tenant}. */
    public String streamKey(String tenant) {
        return HotTierKeys.stream(redis.keys(), tenant);
    }

    /**
     * Appends the events of buffer entry {@code entryId} to their tenants' hot streams.
     *
     * @return the number of events appended: 0 for none, -1 when the entry had already been written
     */
    public Mono<Long> write(String entryId, List<LogEvent> events) {
        if (events.isEmpty()) {
            return Mono.just(0L);
        }
        Map<String, Integer> keyIndex = new LinkedHashMap<>();
        keyIndex.put(redis.keys().key("pipeline:hot-done:" + entryId), 1);
        List<byte[]> args = new ArrayList<>(2 + events.size() * 2);
        args.add(dedupMillis);
        args.add(maxEvents);
        for (LogEvent e : events) {
            int index = keyIndex.computeIfAbsent(streamKey(e.getTenant()), k -> keyIndex.size() + 1);
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
