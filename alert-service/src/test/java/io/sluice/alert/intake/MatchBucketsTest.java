package io.sluice.alert.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.sluice.common.proto.alert.v1.FindingsBatch;
import io.sluice.common.proto.alert.v1.MatchCount;
import io.sluice.platform.redis.RedisKeys;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The match buckets against the real Redis. */
class MatchBucketsTest {

    private static final String PREFIX = "test:" + UUID.randomUUID() + ":";
    private static final RedisClient CLIENT = RedisClient.create("redis://127.0.0.1:6379");
    private static final SluiceRedis REDIS = new SluiceRedis(CLIENT, new RedisKeys(PREFIX));
    private static final long NOW = 1_767_261_600_000L;

    private final MatchBuckets buckets = new MatchBuckets(REDIS, Duration.ofHours(24));

    @AfterAll
    static void cleanUp() {
        REDIS.strings().keys(PREFIX + "*").flatMap(k -> REDIS.strings().del(k)).blockLast(Duration.ofSeconds(10));
        REDIS.close();
        CLIENT.shutdown();
    }

    @Test
    void aBatchIdIsAppliedOnceAndEveryRuleGetsItsOwnCounts() {
        FindingsBatch batch = FindingsBatch.newBuilder().setBatchId("b-1")
                .addMatches(match(1, NOW - 1000, 7)).addMatches(match(1, NOW, 3)).addMatches(match(2, NOW, 5)).build();

        StepVerifier.create(buckets.apply(batch)).expectNext(true).verifyComplete();
        StepVerifier.create(buckets.apply(batch)).expectNext(false).verifyComplete();

        StepVerifier.create(buckets.sum(1, 60_000, NOW)).expectNext(10L).verifyComplete();
        StepVerifier.create(buckets.sum(2, 60_000, NOW)).expectNext(5L).verifyComplete();
        assertThat(REDIS.strings().ttl(PREFIX + "alert:seen:b-1").block()).isBetween(86_000L, 86_400L);
        assertThat(REDIS.strings().ttl(PREFIX + "alert:buckets:1").block()).isGreaterThan(86_400L);
    }

    @Test
    void sumsOnlyBucketsInsideTheWindowEndingNowAndPrunesOldOnes() {
        FindingsBatch batch = FindingsBatch.newBuilder().setBatchId("b-2")
                .addMatches(match(3, NOW - 60_000, 100))
                .addMatches(match(3, NOW - 59_000, 1))
                .addMatches(match(3, NOW, 2))
                .addMatches(match(3, NOW + 1000, 1000))
                .addMatches(match(3, NOW - 600_000, 5)).build();
        StepVerifier.create(buckets.apply(batch)).expectNext(true).verifyComplete();

        StepVerifier.create(buckets.sum(3, 60_000, NOW)).expectNext(3L).verifyComplete();

        assertThat(REDIS.strings().hkeys(PREFIX + "alert:buckets:3").collectList().block())
                .containsExactlyInAnyOrder(String.valueOf(NOW - 60_000), String.valueOf(NOW - 59_000), String.valueOf(NOW),
                        String.valueOf(NOW + 1000));
    }

    private static MatchCount match(long rule, long start, long count) {
        return MatchCount.newBuilder().setRuleId(rule).setBucketStartMillis(start).setCount(count).build();
    }
}
