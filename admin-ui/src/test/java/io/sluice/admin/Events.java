package io.sluice.admin;

import io.sluice.common.event.EventIds;
import io.sluice.common.event.Timestamps;
import io.sluice.logstore.model.ArchivedEvent;
import java.time.Instant;

/** Builds archived events for tests. */
public final class Events {

    private Events() {
    }

    /** An event of {@code tenant} at {@code at}, with no attributes or fields. */
    public static ArchivedEvent event(String tenant, Instant at, String service, String host, String level, String message) {
        return event(tenant, Timestamps.toNanos(at), service, host, level, message, null, null);
    }

    /** An event with everything given. */
    public static ArchivedEvent event(String tenant, long nanos, String service, String host, String level, String message,
            String attributesJson, String fieldsJson) {
        return new ArchivedEvent(EventIds.next(), tenant, nanos, service, host, level, message, attributesJson, fieldsJson);
    }

    /** {@code e} with the template id the pipeline's miner would have given it. */
    public static ArchivedEvent withTemplate(ArchivedEvent e, long templateId) {
        return new ArchivedEvent(e.id(), e.tenant(), e.timestampNanos(), e.service(), e.host(), e.level(), e.message(),
                e.attributesJson(), e.fieldsJson(), templateId, e.retentionClass());
    }
}
