package io.sluice.agent.core;

/**
 * The batch being filled for one priority class: ERROR (the priority lane, sent and spooled
 * first), WARN, or the lower levels (dropped first when the spool runs short). Holds the encoded
 * events in a pooled buffer and how many of each level it holds. Worker thread only.
 */
final class Lane {

    static final int ERROR = 0;
    static final int WARN = 1;
    static final int LOW = 2;

    final int index;
    ByteSink events;
    final int[] bySeverity = new int[Severity.count()];
    int count;
    long firstNanos;

    Lane(int index, ByteSink events) {
        this.index = index;
        this.events = events;
    }

    static int of(int severity) {
        return severity >= Severity.ERROR ? ERROR : severity == Severity.WARN ? WARN : LOW;
    }

    boolean isEmpty() {
        return count == 0;
    }

    void added(int severity, long now) {
        if (count == 0) {
            firstNanos = now;
        }
        count++;
        bySeverity[severity]++;
    }

    /** Empties the lane into a fresh buffer (the old one now belongs to a sealed batch). */
    void clear(ByteSink fresh) {
        events = fresh;
        count = 0;
        java.util.Arrays.fill(bySeverity, 0);
    }
}
