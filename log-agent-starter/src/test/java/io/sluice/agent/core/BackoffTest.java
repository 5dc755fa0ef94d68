package io.sluice.agent.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final long MS = 1_000_000L;

    @Test
    void doublesFromTheInitialPauseWithJitterInTheUpperHalf() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        for (int i = 0; i < 1_000; i++) {
            assertThat(backoff.pauseNanos(0)).isBetween(50 * MS, 100 * MS);
            assertThat(backoff.pauseNanos(1)).isBetween(100 * MS, 200 * MS);
            assertThat(backoff.pauseNanos(3)).isBetween(400 * MS, 800 * MS);
        }
    }

    @Test
    void neverExceedsTheMaximumHoweverManyAttempts() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        for (int attempt : new int[] {6, 10, 63, 64, 1_000, Integer.MAX_VALUE}) {
            assertThat(backoff.pauseNanos(attempt)).isBetween(2_500 * MS, 5_000 * MS);
        }
    }

    @Test
    void spreadsPausesSoAgentsDoNotRetryInLockstep() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        Set<Long> pauses = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            pauses.add(backoff.pauseNanos(4));
        }
        assertThat(pauses).hasSizeGreaterThan(50);
    }
}
