package io.sluice.admin.search;

import io.sluice.logstore.model.ArchivedEvent;
import java.util.List;

/**
 * What a search found.
 *
 * @param events the newest matching events (by time, then id, descending), at most the limit
 * @param total the exact number of matching events in the time range, regardless of the limit
 */
public record SearchHits(List<ArchivedEvent> events, long total) {

    public SearchHits {
        events = List.copyOf(events);
    }
}
