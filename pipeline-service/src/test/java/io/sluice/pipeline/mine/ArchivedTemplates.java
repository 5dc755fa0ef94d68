package io.sluice.pipeline.mine;

import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.pipeline.support.TestDatabase;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the template id of archived events back from the archive's chunks (the one place the mining tests
 * read it), and counts the events archived since a pipeline instance started.
 */
final class ArchivedTemplates {

    private final TestDatabase database;
    private final long baseline;
    private Map<String, Long> byEventId = Map.of();

    ArchivedTemplates(TestDatabase database) {
        this.database = database;
        this.baseline = database.archivedCount();
    }

    /** The template id archived with event {@code eventId}; {@code null} when not archived (yet). */
    Long templateIdOf(String eventId) {
        Long id = byEventId.get(eventId);
        if (id == null) {
            Map<String, Long> fresh = new HashMap<>();
            for (ArchivedEvent e : database.archivedAll()) {
                fresh.put(e.id(), e.templateId());
            }
            byEventId = fresh;
            id = fresh.get(eventId);
        }
        return id;
    }

    /** Events archived since this instance was created. */
    int archived() {
        return (int) (database.archivedCount() - baseline);
    }
}
