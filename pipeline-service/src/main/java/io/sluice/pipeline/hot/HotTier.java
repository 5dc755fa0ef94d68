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
 * {@code LogBatch} protobuf including {@code fields_json}, the event count and the stream's running
 * event count), so a batch of ~100 events costs a handful of Redis commands instead of one XADD per
 * event. One Lua script per buffer entry appends its entry and sets a marker
 * {@code {p}pipeline:hot-done:{entryId}} in the same atomic step, so an entry redelivered within
 * the dedup window (a consumer died after this write but before its XACK) is not appended twice;
 * it then trims the stream (XTRIM MINID) to the newest entries that hold {@code maxEventsPerTenant}
 * events, in whole entries (so it holds at least that many, at most one entry more). Entries of the
 * earlier one-event-per-entry format count as holding nothing and are trimmed once the new entries
 * alone fill the window. The script runs by EVALSHA (loaded again on NOSCRIPT), so its text is not
 * sent with every entry.
 */
public class HotTier {

    private static final String SCRIPT = """
            if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then
              return -1
            end
            local function cumulative(entry)
              local f = entry[2]
              for j = 1, #f, 2 do
                if f[j] == 'c' then
                  return tonumber(f[j + 1])
                end
              end
              return nil
            end
            local function appendedSoFar(key)
              local newest = redis.call('XREVRANGE', key, '+', '-', 'COUNT', 1)
              if #newest == 0 then
                return 0
              end
              local c = cumulative(newest[1])
              if c then
                return c
              end
              -- entries of the earlier format on top (a writer of that version still running): look past them
              for _, e in ipairs(redis.call('XREVRANGE', key, '+', '-', 'COUNT', 256)) do
                c = cumulative(e)
                if c then
                  return c
                end
              end
              return 0
            end
            local max = math.max(1, tonumber(ARGV[2]))
            local added = 0
            for i = 3, #ARGV, 3 do
              local key = KEYS[tonumber(ARGV[i])]
              local n = tonumber(ARGV[i + 1])
              local total = appendedSoFar(key) + n
              local id = redis.call('XADD', key, '*', 'c', string.format('%d', total), 'n', ARGV[i + 1], 'b', ARGV[i + 2])
              local floor = total - max
              if floor > 0 then
                local from = '-'
                local keep = nil
                while not keep do
                  local page = redis.call('XRANGE', key, from, '+', 'COUNT', 64)
                  if #page == 0 then
                    keep = id
                  end
                  for _, e in ipairs(page) do
                    local c = cumulative(e)
                    if c and c > floor then
                      keep = e[1]
                      break
                    end
                  end
                  if not keep then
                    from = '(' .. page[#page][1]
                  end
                end
                redis.call('XTRIM', key, 'MINID', keep)
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
        String[] keys = new String[1 + byTenant.size()];
        keys[0] = redis.keys().key("pipeline:hot-done:" + entryId);
        byte[][] values = new byte[2 + 3 * byTenant.size()][];
        values[0] = dedupMillis;
        values[1] = maxEvents;
        int k = 1;
        for (Map.Entry<String, List<LogEvent>> tenant : byTenant.entrySet()) {
            keys[k] = streamKey(tenant.getKey());
            int v = 2 + 3 * (k - 1);
            values[v] = ascii(Integer.toString(k + 1));
            values[v + 1] = ascii(Integer.toString(tenant.getValue().size()));
            values[v + 2] = HotEntryCodec.encode(tenant.getValue());
            k++;
        }
        return redis.binary().<Long>evalsha(sha, ScriptOutputType.INTEGER, keys, values)
                .onErrorResume(RedisNoScriptException.class, e -> redis.binary().eval(SCRIPT, ScriptOutputType.INTEGER, keys, values))
                .next();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
