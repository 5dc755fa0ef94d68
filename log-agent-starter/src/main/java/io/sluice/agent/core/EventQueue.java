package io.sluice.agent.core;

import io.sluice.common.proto.ingest.v1.LogEvent;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded buffer between logging threads (many producers) and the agent's worker (one
 * consumer). {@link #offer} never waits for space: when the queue is full it refuses the event
 * and the caller counts the drop. The last tenth of the capacity is kept for WARN and more
 * severe events, so a flood of INFO lines cannot crowd out the errors that explain it.
 */
final class EventQueue {

    private final LogEvent[] ring;
    private final int lowSeverityLimit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int head;
    private int count;
    private boolean wakeUpRequested;

    EventQueue(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.ring = new LogEvent[capacity];
        this.lowSeverityLimit = capacity - capacity / 10;
    }

    /** Adds {@code event} unless the queue is full for its level; never waits. */
    boolean offer(LogEvent event) {
        int limit = isLowSeverity(event.getLevel()) ? lowSeverityLimit : ring.length;
        lock.lock();
        try {
            if (count >= limit) {
                return false;
            }
            ring[(head + count) % ring.length] = event;
            count++;
            changed.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Moves up to {@code max} events, oldest first, into {@code sink}; never waits. */
    int drainTo(List<LogEvent> sink, int max) {
        lock.lock();
        try {
            int n = Math.min(max, count);
            for (int i = 0; i < n; i++) {
                sink.add(ring[head]);
                ring[head] = null;
                head = (head + 1) % ring.length;
            }
            count -= n;
            return n;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the queue holds an event, {@link #wakeUp} was called, or {@code nanos} passed,
     * whichever comes first.
     */
    void await(long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (count == 0 && !wakeUpRequested && left > 0) {
                left = changed.awaitNanos(left);
            }
            wakeUpRequested = false;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the current (or next) {@link #await} early, e.g. because a flush was requested. */
    void wakeUp() {
        lock.lock();
        try {
            wakeUpRequested = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    int capacity() {
        return ring.length;
    }

    static boolean isLowSeverity(String level) {
        return "INFO".equals(level) || "DEBUG".equals(level) || "TRACE".equals(level);
    }
}
