package io.sluice.analytics.anomaly;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Anomaly detection's shared state in Redis: a tenant's learned {@link DetectorState} (one JSON
 * string), the lock that lets one instance at a time judge a tenant's windows, and the tenant's
 * findings stream, capped at about {@code maxFindings} entries. Non-blocking.
 */
public class AnomalyStore {

    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private final SluiceRedis redis;
    private final AnomalyKeys keys;
    private final Duration stateTtl;
    private final long maxFindings;
    private final JsonMapper json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** Keeps state under {@code redis}' key prefix for {@code stateTtl}, findings capped at {@code maxFindings}. */
    public AnomalyStore(SluiceRedis redis, Duration stateTtl, long maxFindings) {
        this.redis = redis;
        this.keys = new AnomalyKeys(redis.keys());
        this.stateTtl = stateTtl;
        this.maxFindings = maxFindings;
    }

    AnomalyKeys keys() {
        return keys;
    }

    /** Takes the tenant's judging lock for {@code hold} with {@code token}; false when another holds it. */
    Mono<Boolean> lock(String tenant, String token, Duration hold) {
        return redis.strings().set(keys.lock(tenant), token, SetArgs.Builder.nx().px(hold.toMillis()))
                .map("OK"::equals).defaultIfEmpty(false);
    }

    /** Releases the lock if {@code token} still holds it. */
    Mono<Void> unlock(String tenant, String token) {
        return redis.strings().<Long>eval(RELEASE, ScriptOutputType.INTEGER, new String[] {keys.lock(tenant)}, token).then();
    }

    /** The tenant's state, a fresh one when none is stored. */
    Mono<DetectorState> state(String tenant) {
        return redis.strings().get(keys.state(tenant))
                .map(s -> json.readValue(s, DetectorState.class))
                .defaultIfEmpty(new DetectorState());
    }

    Mono<Void> saveState(String tenant, DetectorState state) {
        return Mono.fromCallable(() -> json.writeValueAsString(state))
                .flatMap(s -> redis.strings().setex(keys.state(tenant), stateTtl.toSeconds(), s)).then();
    }

    /** Appends a finding to its tenant's stream. */
    Mono<Void> append(Anomaly a) {
        return Mono.fromCallable(() -> json.writeValueAsString(a))
                .flatMap(s -> redis.strings().xadd(keys.findings(a.tenant()), XAddArgs.Builder.maxlen(maxFindings).approximateTrimming(),
                        Map.of("type", a.type().name(), "f", s)))
                .then();
    }

    /** The tenant's latest findings, newest first. */
    public Mono<List<Anomaly>> recent(String tenant, int limit) {
        return redis.strings().xrevrange(keys.findings(tenant), Range.create("-", "+"), Limit.from(limit))
                .map(StreamMessage::getBody)
                .map(body -> json.readValue(body.get("f"), Anomaly.class))
                .collectList();
    }
}
