package io.sluice.logstore.engine;

import io.sluice.logstore.model.ArchivedEvent;
import java.util.Comparator;

/** The total order of log lines: by time, then by event id, so that paging is stable under equal timestamps. */
final class LineOrder {

    /** Oldest first. */
    static final Comparator<ArchivedEvent> ASCENDING = (a, b) -> compare(a.timestampNanos(), a.id(), b.timestampNanos(), b.id());

    private LineOrder() {
    }

    static int compare(long tsA, String idA, long tsB, String idB) {
        int c = Long.compare(tsA, tsB);
        return c != 0 ? c : idA.compareTo(idB);
    }

    /** The order of a query's results: newest first when {@code backward}. */
    static Comparator<ArchivedEvent> of(boolean backward) {
        return backward ? ASCENDING.reversed() : ASCENDING;
    }
}
