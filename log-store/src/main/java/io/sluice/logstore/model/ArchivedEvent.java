package io.sluice.logstore.model;

import io.sluice.common.proto.ingest.v1.LogEvent;

/**
 * One event as the archive stores it in a chunk (written by the pipeline, decoded by the query
 * engine). The two JSON texts, when present, are JSON objects.
 *
 * @param id the 32-hex event id ingest assigned
 * @param tenant the tenant the event belongs to
 * @param timestampNanos event time, nanoseconds since the epoch
 * @param service service label
 * @param host host label
 * @param level level label
 * @param message the log line
 * @param attributesJson the event's attributes as one JSON object, or {@code null} when none
 * @param fieldsJson fields parsed from the message as one JSON object, or {@code null} when none
 * @param templateId the id of the message's template as the pipeline's miner assigned it (resolved
 *     through aliases at write time), {@code 0} when none
 * @param retentionClass the retention class the pipeline's routing chose, {@code ""} for the
 *     tenant's default; decides which (class, day) partition holds the event
 */
public record ArchivedEvent(
        String id,
        String tenant,
        long timestampNanos,
        String service,
        String host,
        String level,
        String message,
        String attributesJson,
        String fieldsJson,
        long templateId,
        String retentionClass) {

    public ArchivedEvent {
        service = service == null ? "" : service;
        host = host == null ? "" : host;
        level = level == null ? "" : level;
        message = message == null ? "" : message;
        attributesJson = blankToNull(attributesJson);
        fieldsJson = blankToNull(fieldsJson);
        retentionClass = retentionClass == null ? "" : retentionClass;
    }

    /** An event in the tenant's default retention class. */
    public ArchivedEvent(String id, String tenant, long timestampNanos, String service, String host, String level,
            String message, String attributesJson, String fieldsJson, long templateId) {
        this(id, tenant, timestampNanos, service, host, level, message, attributesJson, fieldsJson, templateId, "");
    }

    /** An event without a template id. */
    public ArchivedEvent(String id, String tenant, long timestampNanos, String service, String host, String level,
            String message, String attributesJson, String fieldsJson) {
        this(id, tenant, timestampNanos, service, host, level, message, attributesJson, fieldsJson, 0L, "");
    }

    /** The archive form of a buffered event, with the fields the pipeline parsed from it. */
    public static ArchivedEvent of(LogEvent e, String fieldsJson) {
        return new ArchivedEvent(e.getId(), e.getTenant(), e.getTimestampUnixNanos(), e.getService(), e.getHost(),
                e.getLevel(), e.getMessage(), e.getAttributesJson(), fieldsJson);
    }

    private static String blankToNull(String json) {
        return json == null || json.isBlank() ? null : json;
    }
}
