package io.sluice.ingest.ratelimit;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.sluice.ingest.buffer.BufferUnavailableException;
import io.sluice.platform.redis.SluiceRedis;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Per-tenant rate limits shared by every ingest instance: one atomic Lua script per request
 * ({@code gcra.lua}, run by EVALSHA and loaded on NOSCRIPT) checks events/s and bytes/s by GCRA
 * against Redis' clock and charges both only when both fit. State is two keys per tenant,
 * {@code {prefix}ratelimit:{tenant}:events} and {@code …:bytes}, each holding a theoretical arrival
 * time and expiring once the tenant's budget is full again. Non-blocking; thread-safe.
 */
public final class RedisRateLimiter implements RateLimiter {

    static final String SCRIPT = load("gcra.lua");
    private static final long EVENTS = 1;

    private final SluiceRedis redis;
    private final Function<String, TenantRate> rates;
    private final Duration timeout;
    private final String sha;
    private final Map<String, Plan> plans = new ConcurrentHashMap<>();

    /** Limits from {@code rates} (tenant id → its rate), waiting at most {@code timeout} for Redis. */
    public RedisRateLimiter(SluiceRedis redis, Function<String, TenantRate> rates, Duration timeout) {
        this.redis = redis;
        this.rates = rates;
        this.timeout = timeout;
        this.sha = sha1(SCRIPT);
    }

    @Override
    public Mono<RateDecision> acquire(String tenant, int events, long bytes) {
        return Mono.defer(() -> {
            Plan plan = plans.computeIfAbsent(tenant, this::plan);
            String[] args = {Integer.toString(events), Long.toString(bytes), plan.microsPerEvent, plan.microsPerByte, plan.burstMicros};
            RedisReactiveCommands<String, String> strings = redis.strings();
            return strings.<Long>evalsha(sha, ScriptOutputType.INTEGER, plan.keys, args)
                    .onErrorResume(RedisNoScriptException.class,
                            e -> strings.<Long>eval(SCRIPT, ScriptOutputType.INTEGER, plan.keys, args))
                    .next()
                    .timeout(timeout)
                    .switchIfEmpty(Mono.error(() -> new IllegalStateException("Redis returned no reply")))
                    .map(reply -> decide(tenant, plan.rate, reply));
        }).onErrorMap(this::unavailable);
    }

    private Plan plan(String tenant) {
        TenantRate rate = rates.apply(tenant);
        String base = redis.keys().key("ratelimit:" + tenant + ":");
        return new Plan(rate, new String[] {base + "events", base + "bytes"},
                Double.toString(1_000_000.0 / rate.eventsPerSecond()),
                Double.toString(1_000_000.0 / rate.bytesPerSecond()),
                Long.toString(rate.burst().toNanos() / 1000));
    }

    private static RateDecision decide(String tenant, TenantRate rate, long reply) {
        if (reply == 0) {
            return RateDecision.ALLOWED;
        }
        Duration wait = Duration.ofNanos(Math.multiplyExact(Math.max(1, reply / 10), 1000L));
        String limit = reply % 10 == EVENTS
                ? rate.eventsPerSecond() + " events/s"
                : rate.bytesPerSecond() + " bytes/s";
        return RateDecision.limited(wait, "tenant '" + tenant + "' is over its rate limit of " + limit
                + " (burst " + rate.burst().toMillis() + " ms); nothing of this request was stored; retry in "
                + Math.max(1, wait.toMillis()) + " ms");
    }

    private Throwable unavailable(Throwable e) {
        String why = e instanceof TimeoutException
                ? "did not answer within " + timeout.toMillis() + " ms"
                : "failed: " + e.getMessage();
        // The same opening as the append's failure: to a client, both are "the log buffer is down".
        return new BufferUnavailableException("the log buffer (Redis) is unavailable: the rate-limit check " + why
                + "; nothing was stored, retry later", e);
    }

    /** The SHA-1 EVALSHA names the script by, computed here so start-up needs no Redis. */
    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String load(String name) {
        try (InputStream in = RedisRateLimiter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + RedisRateLimiter.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One tenant's script keys and arguments, computed once. */
    private record Plan(TenantRate rate, String[] keys, String microsPerEvent, String microsPerByte, String burstMicros) {
    }
}
