package io.sluice.logstore.write;

import io.sluice.logstore.model.ArchivedEvent;
import java.util.List;

/**
 * The events of one buffer entry, the unit of idempotency of the archive: an entry whose key was
 * already archived is skipped as a whole, so a redelivered entry (a consumer died before its XACK)
 * never stores its events twice.
 *
 * @param entryKey unique id of the buffer entry ({@code StreamBatch.uniqueId}: stream key + entry id)
 * @param events the entry's events, ready to store
 */
public record ArchiveEntry(String entryKey, List<ArchivedEvent> events) {

    public ArchiveEntry {
        events = List.copyOf(events);
    }
}
