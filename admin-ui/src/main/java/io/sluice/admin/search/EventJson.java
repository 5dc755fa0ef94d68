package io.sluice.admin.search;

import io.sluice.logstore.model.ArchivedEvent;
import tools.jackson.databind.node.ObjectNode;

/**
 * One event as the search API returns it: every stored field, the time both as RFC 3339 (UTC,
 * nanoseconds) and as epoch nanoseconds, and attributes and parsed fields as JSON objects.
 *
 * @param id the event id ingest assigned
 * @param timestamp event time, RFC 3339 in UTC with nanoseconds
 * @param timestampNanos event time in epoch nanoseconds
 * @param tenant the tenant the event belongs to
 * @param service the emitting service
 * @param host the emitting host
 * @param level the stored level
 * @param message the log line
 * @param attributes the attributes sent with the event
 * @param fields the fields the pipeline parsed from the message
 * @param templateId the id of the message's template as the pipeline's miner assigned it, 0 when none
 */
public record EventJson(
        String id,
        String timestamp,
        long timestampNanos,
        String tenant,
        String service,
        String host,
        String level,
        String message,
        ObjectNode attributes,
        ObjectNode fields,
        long templateId) {

    /** The API form of an archived event. */
    public static EventJson of(ArchivedEvent e) {
        return new EventJson(e.id(), EventTimes.rfc3339(e.timestampNanos()), e.timestampNanos(), e.tenant(),
                e.service(), e.host(), e.level(), e.message(),
                StoredJson.object(e.attributesJson()), StoredJson.object(e.fieldsJson()), e.templateId());
    }
}
