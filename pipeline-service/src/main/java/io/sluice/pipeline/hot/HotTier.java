package io.sluice.pipeline.hot;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.logstore.hot.HotEntryCodec;
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
 * The hot tier: each tenant's recent events in a Redis stream {@code {p}hot:{tenant}} ({@link HotTierKeys}),
 * one entry per buffer entry and tenant holding all of its events ({@link HotEntryCodec}: one
 * {@code LogBatch} protobuf including {@code fields_json}, and the event count), so a batch of ~100
 * events costs a handful of small Redis commands instead of one XADD per event. One Lua script per
 * buffer entry sets a marker {@code {p}pipeline:hot-done:{entryId}} (NX) and appends the entry in
 * the same atomic step, so an entry redelivered within the dedup window (a consumer died after this
 * write but before its XACK) is not appended twice. It then trims the stream (XTRIM MINID) to the
 * newest entries holding {@code maxEventsPerTenant} events, in whole entries (so it holds at least
 * that many, at most one entry's more), by the stream's index list {@code {p}hot-index:{tenant}}
 * ({@code "<id> <events appended so far>"} per entry): reading the entries themselves to find the
 * cut would copy their payloads into the script (measured: 4× the Redis CPU of one XADD per event).
 * Entries of the earlier one-event-per-entry format are not in the index and go with the first trim.
 * The script runs by EVALSHA (loaded again on NOSCRIPT), so its text is not sent with every entry.
 */
public class HotTier {

    private static final String SCRIPT = """
            if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then
              return -1
            end
            local function appended(element)
              return tonumber(string.match(element, ' (%d+)$'))
            end
            local max = math.max(1, tonumber(ARGV[2]))
            local added = 0
            for i = 3, #ARGV, 3 do
              local k = tonumber(ARGV[i])
              local stream, index = KEYS[k], KEYS[k + 1]
              local n = tonumber(ARGV[i + 1])
              local total = n
              local newest = redis.call('LINDEX', index, -1)
              if newest then
                total = total + appended(newest)
              end
              local id = redis.call('XADD', stream, '*', 'n', ARGV[i + 1], 'b', ARGV[i + 2])
              redis.call('RPUSH', index, id .. ' ' .. string.format('%d', total))
              local floor = total - max
              local trimmed = false
              while true do
                local oldest = redis.call('LINDEX', index, 0)
                if appended(oldest) > floor then
                  if trimmed then
                    redis.call('XTRIM', stream, 'MINID', string.match(oldest, '^(%S+) '))
                  end
                  break
                end
                redis.call('LPOP', index)
                trimmed = true
              end
              added = added + n
            end
            return added
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
     * Appends the events of buffer entry {@code entryId} to their tenants' hot streams, one stream
     * entry per tenant (a buffer entry holds one tenant's events, so normally one).
     *
     * @return the number of events appended: 0 for none, -1 when the entry had already been written
     */
    public Mono<Long> write(String entryId, List<LogEvent> events) {
        if (events.isEmpty()) {
            return Mono.just(0L);
        }
        Map<String, List<LogEvent>> byTenant = new LinkedHashMap<>();
        for (LogEvent e : events) {
            byTenant.computeIfAbsent(e.getTenant(), t -> new ArrayList<>(events.size())).add(e);
        }
        String[] keys = new String[1 + 2 * byTenant.size()];
        keys[0] = redis.keys().key("pipeline:hot-done:" + entryId);
        byte[][] values = new byte[2 + 3 * byTenant.size()][];
        values[0] = dedupMillis;
        values[1] = maxEvents;
        int t = 0;
        for (Map.Entry<String, List<LogEvent>> tenant : byTenant.entrySet()) {
            keys[1 + 2 * t] = streamKey(tenant.getKey());
            keys[2 + 2 * t] = HotTierKeys.index(redis.keys(), tenant.getKey());
            int v = 2 + 3 * t;
            values[v] = ascii(Integer.toString(2 + 2 * t));
            values[v + 1] = ascii(Integer.toString(tenant.getValue().size()));
            values[v + 2] = HotEntryCodec.encode(tenant.getValue());
            t++;
        }
        return redis.binary().<Long>evalsha(sha, ScriptOutputType.INTEGER, keys, values)
                .onErrorResume(RedisNoScriptException.class, e -> redis.binary().eval(SCRIPT, ScriptOutputType.INTEGER, keys, values))
                .next();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
