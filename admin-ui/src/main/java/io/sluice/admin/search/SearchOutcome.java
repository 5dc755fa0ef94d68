package io.sluice.admin.search;

import java.util.List;

/**
 * What the search page shows after a search ran.
 *
 * @param rows the events, newest first
 * @param total the exact number of matching events
 * @param from start of the searched range, for display (UTC)
 * @param to end of the searched range, for display (UTC)
 * @param tookMillis how long the archive took
 */
public record SearchOutcome(List<EventRow> rows, long total, String from, String to, long tookMillis) {

    static SearchOutcome of(SearchCriteria criteria, SearchHits result, long tookMillis) {
        return new SearchOutcome(result.events().stream().map(EventRow::of).toList(), result.total(),
                EventTimes.table(criteria.fromNanos()), EventTimes.table(criteria.toNanos()), tookMillis);
    }

    /** Whether more events matched than are shown. */
    public boolean truncated() {
        return total > rows.size();
    }
}
