package io.sluice.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets work through at a fixed rate: each caller reserves the time its {@code n} units take at
 * {@code unitsPerSecond} and parks until its slot has passed. Shared by every caller, so the
 * total rate holds however many threads (or gRPC calls) arrive at once. A caller that overslept
 * (parking is coarse on a busy machine) lets the next ones through without parking until the
 * schedule is caught up, by at most {@link #CATCH_UP_NANOS}, so the rate holds on average. Used to
 * make a destination that accepts only a fraction of the offered load.
 */
final class Pacer {

    private static final long CATCH_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final double nanosPerUnit;
    private long nextFreeNanos = System.nanoTime();

    Pacer(double unitsPerSecond) {
        this.nanosPerUnit = TimeUnit.SECONDS.toNanos(1) / unitsPerSecond;
    }

    /** Parks the caller until {@code units} fit into the rate after everything reserved before. */
    void acquire(int units) {
        long slotEnd;
        synchronized (this) {
            long start = Math.max(nextFreeNanos, System.nanoTime() - CATCH_UP_NANOS);
            slotEnd = start + (long) (units * nanosPerUnit);
            nextFreeNanos = slotEnd;
        }
        long left;
        while ((left = slotEnd - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
