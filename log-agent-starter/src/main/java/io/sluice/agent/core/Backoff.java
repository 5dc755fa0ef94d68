package io.sluice.agent.core;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Pause before the n-th resend of a batch: exponential from the initial pause, capped, with
 * "equal jitter" (a random point in the upper half) so that many agents that lost ingest at the
 * same moment do not come back in lockstep.
 */
final class Backoff {

    private final long initialNanos;
    private final long maxNanos;

    Backoff(Duration initial, Duration max) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
    }

    /** Pause in nanoseconds before resend number {@code attempt} (0 for the first resend). */
    long pauseNanos(int attempt) {
        long ceiling = initialNanos;
        for (int i = 0; i < attempt && ceiling < maxNanos; i++) {
            ceiling = ceiling * 2;
        }
        ceiling = Math.min(ceiling, maxNanos);
        long half = ceiling / 2;
        return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
    }
}
