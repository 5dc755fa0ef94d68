package io.sluice.logstore.hot;

import io.sluice.logstore.model.ArchivedEvent;
import java.util.List;

/**
 * What the hot tier answers for one query: the events whose time lies in the asked range, and from
 * which event time on the hot tier is complete. The archive is read only for times before
 * {@link #coveredFromNanos()}; events at or after it come from here alone, so no line is shown twice.
 *
 * @param events the events in the asked range, in no particular order; empty when the hot tier does
 *     not answer the range
 * @param coveredFromNanos event time from which the hot tier holds every event the pipeline wrote, at
 *     or before the range's start when it answers the range; {@link Long#MAX_VALUE} when it answers
 *     nothing of it (empty stream, or a range starting before what it covers)
 * @param scanned events decoded from Redis (in the range or not)
 */
public record HotWindow(List<ArchivedEvent> events, long coveredFromNanos, long scanned) {

    /** A hot tier that covers nothing: every time is read from the archive. */
    public static final HotWindow NONE = new HotWindow(List.of(), Long.MAX_VALUE, 0);

    public HotWindow {
        events = List.copyOf(events);
    }
}
