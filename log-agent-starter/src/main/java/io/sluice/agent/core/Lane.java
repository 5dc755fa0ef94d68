package io.sluice.agent.core;

/**
 * The batch being filled for one priority class: ERROR (the priority lane, sent and spooled
 * first), WARN, or the lower levels (dropped first when the spool runs short). Holds the encoded
 * events in a reused buffer and how many of each level it holds. Worker thread only.
 */
final class Lane {

    static final int ERROR = 0;
    static final int WARN = 1;
    static final int LOW = 2;

    final int index;
    final ByteSink events = new ByteSink(64 * 1024);
    final int[] bySeverity = new int[Severity.count()];
    int count;
    long firstNanos;

    Lane(int index) {
        this.index = index;
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

    void clear() {
        events.reset();
        count = 0;
        java.util.Arrays.fill(bySeverity, 0);
    }
}
