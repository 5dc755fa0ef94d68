package io.sluice.platform.stream;

import java.time.Duration;

/**
 * Exponential back-off between failed attempts (doubling from {@code initial} up to {@code max}),
 * reset by a success. Not thread-safe: owned by one loop.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private Duration next;

    /** Back-off from {@code initial} doubling to at most {@code max}. */
    public Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    /** The delay before the next attempt; doubles the one after. */
    public Duration next() {
        Duration current = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return current;
    }

    /** Starts again from the initial delay. */
    public void reset() {
        next = initial;
    }
}
