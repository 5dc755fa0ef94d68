package io.sluice.ingest.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sluice.ingest.buffer.BufferUnavailableException;
import io.sluice.platform.redis.RedisKeys;
import io.sluice.platform.redis.SluiceRedis;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** The GCRA script against the real Redis: budgets, retry hints, tenants apart, instances together. */
class RedisRateLimiterTest {

    private static final String URL = "redis://127.0.0.1:6379";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String prefix = "test-rl:" + UUID.randomUUID() + ":";
    private final RedisClient client = RedisClient.create(URL);
    private SluiceRedis redis;

    @BeforeEach
    void connect() {
        redis = new SluiceRedis(client, new RedisKeys(prefix));
    }

    @AfterEach
    void cleanUp() {
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            ScanIterator.scan(c.sync(), ScanArgs.Builder.matches(prefix + "*").limit(500)).stream().forEach(k -> c.sync().del(k));
        }
        redis.close();
        client.shutdown();
    }

    @Test
    void admitsTheBurstThenRefusesWithTheTimeUntilEnoughBudgetIsFree() {
        RateLimiter limiter = limiter(tenant -> new TenantRate(1000, 1_000_000_000, Duration.ofSeconds(1)));

        assertThat(acquire(limiter, "a", 1000, 1)).isEqualTo(RateDecision.ALLOWED);
        RateDecision refused = acquire(limiter, "a", 200, 1);

        assertThat(refused.allowed()).isFalse();
        // 200 events at 1000/s need 200 ms of budget; a few ms have passed since the burst was spent.
        assertThat(refused.retryAfter()).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(refused.error()).isEqualTo("tenant 'a' is over its rate limit of 1000 events/s (burst 1000 ms); "
                + "nothing of this request was stored; retry in " + refused.retryAfter().toMillis() + " ms");
    }

    @Test
    void aRefusedRequestChargesNothingSoASmallerOneStillFits() {
        RateLimiter limiter = limiter(tenant -> new TenantRate(1000, 1_000_000_000, Duration.ofSeconds(1)));

        assertThat(acquire(limiter, "a", 900, 1).allowed()).isTrue();
        assertThat(acquire(limiter, "a", 500, 1).allowed()).isFalse();
        assertThat(acquire(limiter, "a", 500, 1).allowed()).isFalse();
        assertThat(acquire(limiter, "a", 90, 1).allowed()).isTrue();
    }

    @Test
    void limitsBytesPerSecondIndependentlyOfEvents() {
        RateLimiter limiter = limiter(tenant -> new TenantRate(1_000_000, 10_000, Duration.ofSeconds(1)));

        assertThat(acquire(limiter, "a", 1, 10_000).allowed()).isTrue();
        RateDecision refused = acquire(limiter, "a", 1, 5_000);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isBetween(Duration.ofMillis(400), Duration.ofMillis(500));
        assertThat(refused.error()).contains("rate limit of 10000 bytes/s");
    }

    @Test
    void aRequestLargerThanTheWholeBurstPassesOnlyIntoAFullBudgetAndIsPaidOffBeforeTheNext() {
        RateLimiter limiter = limiter(tenant -> new TenantRate(1000, 1_000_000_000, Duration.ofMillis(100)));

        assertThat(acquire(limiter, "a", 300, 1).allowed()).as("full budget: admitted although larger than the burst").isTrue();
        RateDecision next = acquire(limiter, "a", 1, 1);

        assertThat(next.allowed()).isFalse();
        // 300 events cost 300 ms, 100 ms of which the burst covers.
        assertThat(next.retryAfter()).isBetween(Duration.ofMillis(150), Duration.ofMillis(201));
    }

    @Test
    void oneTenantOverItsLimitLeavesAnotherUntouched() {
        RateLimiter limiter = limiter(Map.of(
                "noisy", new TenantRate(100, 1_000_000_000, Duration.ofSeconds(1)),
                "quiet", new TenantRate(100, 1_000_000_000, Duration.ofSeconds(1)))::get);

        assertThat(acquire(limiter, "noisy", 100, 1).allowed()).isTrue();
        assertThat(acquire(limiter, "noisy", 50, 1).allowed()).isFalse();

        assertThat(acquire(limiter, "quiet", 100, 1).allowed()).isTrue();
    }

    @Test
    void twoInstancesShareOneBudgetAndTogetherAdmitTheConfiguredRate() {
        Function<String, TenantRate> rates = tenant -> new TenantRate(1000, 1_000_000_000, Duration.ofMillis(500));
        RateLimiter first = limiter(rates);
        RateLimiter second = new RedisRateLimiter(new SluiceRedis(client, new RedisKeys(prefix)), rates, TIMEOUT);
        AtomicLong admitted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        long start = System.nanoTime();
        Duration run = Duration.ofMillis(1500);

        Flux.merge(hammer(first, run, admitted, refused), hammer(second, run, admitted, refused)).blockLast(Duration.ofSeconds(30));

        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(refused.get()).as("requests refused: the two instances asked for more than the rate").isPositive();
        // At most the burst (500) plus the rate for the time run; at least the rate for the time run minus some slack.
        assertThat(admitted.get()).isLessThanOrEqualTo(500 + Math.round(1000 * seconds) + 10);
        assertThat(admitted.get()).isGreaterThanOrEqualTo(500 + Math.round(1000 * 1.5) - 300);
    }

    @Test
    void loadsTheScriptAgainWhenRedisHasForgottenIt() {
        RateLimiter limiter = limiter(tenant -> new TenantRate(1000, 1_000_000_000, Duration.ofSeconds(1)));
        assertThat(acquire(limiter, "a", 1, 1).allowed()).isTrue();
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().scriptFlush();
        }

        assertThat(acquire(limiter, "a", 1, 1).allowed()).isTrue();
    }

    @Test
    void keepsItsStateInTwoKeysPerTenantThatExpireOnceTheBudgetIsFull() {
        RateLimiter limiter = limiter(tenant -> new TenantRate(1000, 1000, Duration.ofSeconds(1)));

        acquire(limiter, "acme", 500, 200);

        try (StatefulRedisConnection<String, String> c = client.connect()) {
            long eventsTtl = c.sync().pttl(prefix + "ratelimit:acme:events");
            long bytesTtl = c.sync().pttl(prefix + "ratelimit:acme:bytes");
            // The budget is full again after 500 ms (events) and 200 ms (bytes); keys live 1 s longer.
            assertThat(eventsTtl).isBetween(1000L, 1500L);
            assertThat(bytesTtl).isBetween(900L, 1200L);
        }
    }

    @Test
    void failsAsUnavailableRatherThanLettingARequestThroughWhenRedisIsDown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RedisClient down = RedisClient.create("redis://127.0.0.1:" + closedPort);
        try (SluiceRedis unreachable = new SluiceRedis(down, new RedisKeys(prefix))) {
            RateLimiter limiter = new RedisRateLimiter(unreachable, tenant -> new TenantRate(1, 1, Duration.ofSeconds(1)), TIMEOUT);

            StepVerifier.create(limiter.acquire("a", 1, 1))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(BufferUnavailableException.class)
                            .hasMessageStartingWith("the log buffer (Redis) is unavailable: the rate-limit check failed"))
                    .verify(Duration.ofSeconds(30));
        } finally {
            down.shutdown();
        }
    }

    private Flux<RateDecision> hammer(RateLimiter limiter, Duration run, AtomicLong admitted, AtomicLong refused) {
        long end = System.nanoTime() + run.toNanos();
        return Flux.defer(() -> limiter.acquire("shared", 10, 100))
                .doOnNext(decision -> {
                    if (decision.allowed()) {
                        admitted.addAndGet(10);
                    } else {
                        refused.incrementAndGet();
                    }
                })
                .repeat(() -> System.nanoTime() < end);
    }

    private RateLimiter limiter(Function<String, TenantRate> rates) {
        return new RedisRateLimiter(redis, rates, TIMEOUT);
    }

    private static RateDecision acquire(RateLimiter limiter, String tenant, int events, long bytes) {
        return limiter.acquire(tenant, events, bytes).block(TIMEOUT);
    }
}
