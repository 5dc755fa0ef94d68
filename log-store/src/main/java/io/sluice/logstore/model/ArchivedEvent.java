package io.sluice.logstore.model;

import io.sluice.common.proto.ingest.v1.LogEvent;

/**
 * One event as the archive stores it (a row of {@code log_event}). The two JSON texts must be
 * valid JSON objects: MariaDB checks them with {@code JSON_VALID}, and {@code INSERT IGNORE} would
 * skip a row that fails the check.
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
        String fieldsJson) {

    public ArchivedEvent {
        service = service == null ? "" : service;
        host = host == null ? "" : host;
        level = level == null ? "" : level;
        message = message == null ? "" : message;
        attributesJson = blankToNull(attributesJson);
        fieldsJson = blankToNull(fieldsJson);
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
