package io.sluice.alert.ownership;

import io.lettuce.core.ScriptOutputType;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Slot leases and the instance registry in Redis, each operation one Lua script (atomic, one
 * round trip). Keys, all in hash slot {@code {own}} so the scripts also run on Redis Cluster:
 * <ul>
 *   <li>{@code {p}alert:{own}:lease:{slot}} — string {@code owner|token}, PX lease TTL;</li>
 *   <li>{@code {p}alert:{own}:fence} — counter, INCR once per acquiring round: the fencing token;</li>
 *   <li>{@code {p}alert:{own}:instances} — sorted set, instance id → last heartbeat (Redis clock, ms).</li>
 * </ul>
 * Times come from Redis' own clock, so instances with skewed clocks agree on who is alive.
 */
class LeaseStore {

    private static final String HEARTBEAT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZADD', KEYS[1], now, ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
            return redis.call('ZRANGE', KEYS[1], 0, -1)
            """;

    // KEYS[1] = fence counter, KEYS[2..] = wanted leases; answers {token, indexes of the leases taken} or {0}.
    private static final String ACQUIRE = """
            local free = {}
            for i = 2, #KEYS do
              if redis.call('EXISTS', KEYS[i]) == 0 then free[#free + 1] = i end
            end
            if #free == 0 then return {0} end
            local token = redis.call('INCR', KEYS[1])
            local taken = {token}
            for _, i in ipairs(free) do
              redis.call('SET', KEYS[i], ARGV[1] .. '|' .. token, 'PX', ARGV[2])
              taken[#taken + 1] = i - 2
            end
            return taken
            """;

    private static final String RENEW = """
            local kept = {}
            for i = 1, #KEYS do
              if redis.call('GET', KEYS[i]) == ARGV[i + 1] then
                redis.call('PEXPIRE', KEYS[i], ARGV[1])
                kept[i] = 1
              else
                kept[i] = 0
              end
            end
            return kept
            """;

    private static final String RELEASE = """
            local n = 0
            for i = 1, #KEYS do
              if redis.call('GET', KEYS[i]) == ARGV[i] then
                redis.call('DEL', KEYS[i])
                n = n + 1
              end
            end
            return n
            """;

    private static final String RAISE = """
            local c = tonumber(redis.call('GET', KEYS[1]) or '0')
            if c < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end
            return 1
            """;

    // KEYS[1] = instances, KEYS[2..] = every lease; answers now, instance count, (id, heartbeat)…, (value or '', pttl)….
    private static final String SNAPSHOT = """
            local t = redis.call('TIME')
            local out = {tostring(tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))}
            local members = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
            out[#out + 1] = tostring(#members / 2)
            for i = 1, #members do out[#out + 1] = tostring(members[i]) end
            for i = 2, #KEYS do
              out[#out + 1] = redis.call('GET', KEYS[i]) or ''
              out[#out + 1] = tostring(redis.call('PTTL', KEYS[i]))
            end
            return out
            """;

    private final SluiceRedis redis;

    /** Leases under {@code redis}' key prefix. */
    LeaseStore(SluiceRedis redis) {
        this.redis = redis;
    }

    /** Records a heartbeat of {@code instance}, forgets instances silent for {@code ttl}, and lists the live ones. */
    Mono<List<String>> heartbeat(String instance, Duration ttl) {
        return script(HEARTBEAT, new String[] {instancesKey()}, instance, Long.toString(ttl.toMillis()))
                .map(l -> l.stream().map(String::valueOf).toList());
    }

    /**
     * The slots one acquiring round took, all under one fencing token.
     *
     * @param token the new fencing token
     * @param slots the slots taken
     */
    record Taken(long token, List<Integer> slots) {
    }

    /** Takes those of {@code slots} whose lease is free, all under one new fencing token; empty when none was free. */
    Mono<Taken> acquire(List<Integer> slots, String owner, Duration ttl) {
        String[] keys = new String[slots.size() + 1];
        keys[0] = fenceKey();
        for (int i = 0; i < slots.size(); i++) {
            keys[i + 1] = leaseKey(slots.get(i));
        }
        return script(ACQUIRE, keys, owner, Long.toString(ttl.toMillis())).flatMap(reply -> {
            long token = number(reply.get(0));
            if (token == 0) {
                return Mono.empty();
            }
            List<Integer> taken = new ArrayList<>();
            for (int i = 1; i < reply.size(); i++) {
                taken.add(slots.get((int) number(reply.get(i))));
            }
            return Mono.just(new Taken(token, taken));
        });
    }

    /** Extends each lease still holding its value; one flag per lease, in order (false: lost). */
    Mono<List<Boolean>> renew(List<Lease> leases, Duration ttl) {
        String[] args = new String[leases.size() + 1];
        args[0] = Long.toString(ttl.toMillis());
        for (int i = 0; i < leases.size(); i++) {
            args[i + 1] = leases.get(i).value();
        }
        return script(RENEW, keys(leases), args).map(l -> l.stream().map(o -> number(o) == 1).toList());
    }

    /** Deletes each lease that still holds its value. */
    Mono<Void> release(List<Lease> leases) {
        if (leases.isEmpty()) {
            return Mono.empty();
        }
        return redis.strings().<Long>eval(RELEASE, ScriptOutputType.INTEGER, keys(leases),
                leases.stream().map(Lease::value).toArray(String[]::new)).then();
    }

    /** Raises the fencing counter to at least {@code min} (after Redis lost it, e.g. a restart without persistence). */
    Mono<Void> raiseFence(long min) {
        return redis.strings().<Long>eval(RAISE, ScriptOutputType.INTEGER, new String[] {fenceKey()}, Long.toString(min)).then();
    }

    /** Removes {@code instance} from the registry (it is leaving). */
    Mono<Void> deregister(String instance) {
        return redis.strings().zrem(instancesKey(), instance).then();
    }

    /** The cluster's view: Redis' time, live instances' heartbeats and every slot's lease. */
    Mono<Snapshot> snapshot(int slots) {
        String[] keys = new String[slots + 1];
        keys[0] = instancesKey();
        for (int s = 0; s < slots; s++) {
            keys[s + 1] = leaseKey(s);
        }
        return script(SNAPSHOT, keys).map(reply -> {
            long now = number(reply.get(0));
            int instances = (int) number(reply.get(1));
            List<Snapshot.Instance> members = new ArrayList<>();
            int i = 2;
            for (int n = 0; n < instances; n++, i += 2) {
                members.add(new Snapshot.Instance(String.valueOf(reply.get(i)), (long) Double.parseDouble(String.valueOf(reply.get(i + 1)))));
            }
            List<Snapshot.SlotLease> leases = new ArrayList<>();
            for (int s = 0; s < slots; s++, i += 2) {
                String value = String.valueOf(reply.get(i));
                long pttl = number(reply.get(i + 1));
                leases.add(value.isEmpty() ? new Snapshot.SlotLease(s, null, 0, null)
                        : new Snapshot.SlotLease(s, Lease.owner(value), Lease.token(value), pttl > 0 ? now + pttl : null));
            }
            return new Snapshot(now, members, leases);
        });
    }

    String leaseKey(int slot) {
        return redis.keys().key("alert:{own}:lease:" + slot);
    }

    private String fenceKey() {
        return redis.keys().key("alert:{own}:fence");
    }

    private String instancesKey() {
        return redis.keys().key("alert:{own}:instances");
    }

    private String[] keys(List<Lease> leases) {
        return leases.stream().map(l -> leaseKey(l.slot())).toArray(String[]::new);
    }

    /** Runs a script answering an array; Lettuce may hand it over whole or element by element. */
    private Mono<List<Object>> script(String script, String[] keys, String... args) {
        return redis.strings().<Object>eval(script, ScriptOutputType.MULTI, keys, args).collectList().map(items -> {
            if (items.size() == 1 && items.get(0) instanceof List<?> whole) {
                return new ArrayList<>(whole);
            }
            return items;
        });
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(o));
    }
}
