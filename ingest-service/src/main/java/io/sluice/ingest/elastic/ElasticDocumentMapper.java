package io.sluice.ingest.elastic;

import io.sluice.common.event.Timestamps;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.compat.ProtocolEvents;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps one bulk source document to a Sluice event, for ECS documents (Filebeat, Elastic agents)
 * and flat ones (Fluent Bit, Vector, hand-written): timestamp from {@code @timestamp} or
 * {@code timestamp} (RFC 3339 or epoch milliseconds; the receive time when absent), message from
 * {@code message}, {@code log} or {@code msg}, level from {@code log.level} (dotted or nested),
 * {@code level} or {@code severity}, service from {@code service.name}, {@code service} or
 * {@code app}, host from {@code host.name}, {@code host} (a string) or {@code hostname}. Every
 * other field stays in the attributes, as does the index name ({@code es.index}). A level that is
 * no known level is stored as INFO and kept as an attribute. Mutates the document it is given.
 */
final class ElasticDocumentMapper {

    private ElasticDocumentMapper() {
    }

    /** The event of {@code document}, or throws {@link IllegalArgumentException} naming the bad field. */
    static LogEvent map(ObjectNode document, String index, long receivedNanos) {
        long nanos = timestamp(document, receivedNanos);
        String message = take(document, List.of("message", "log", "msg"), true);
        String rawLevel = take(document, List.of("log.level", "level", "severity"), false);
        String service = take(document, List.of("service.name", "service", "app"), false);
        String host = take(document, List.of("host.name", "host", "hostname"), false);
        if (index != null) {
            document.put("es.index", index);
        }
        return ProtocolEvents.event(nanos, service, host, rawLevel, message, document);
    }

    private static long timestamp(ObjectNode document, long receivedNanos) {
        for (String field : List.of("@timestamp", "timestamp")) {
            JsonNode value = document.get(field);
            if (value == null || value.isNull()) {
                continue;
            }
            document.remove(field);
            if (value.isString()) {
                try {
                    return Timestamps.parseNanos(value.stringValue());
                } catch (IllegalArgumentException | ArithmeticException e) {
                    throw new IllegalArgumentException("failed to parse field [" + field + "]: " + e.getMessage());
                }
            }
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                try {
                    return Math.multiplyExact(value.longValue(), 1_000_000L);
                } catch (ArithmeticException e) {
                    throw new IllegalArgumentException("failed to parse field [" + field + "]: out of range");
                }
            }
            throw new IllegalArgumentException("failed to parse field [" + field + "]: expected a date string or epoch milliseconds");
        }
        return receivedNanos;
    }

    /**
     * Removes and returns the first of {@code fields} present as text; a dotted name is looked up
     * both as a flat key and as a path of objects. Non-text values count only when
     * {@code anyType} (they are stored as their JSON).
     */
    private static String take(ObjectNode document, List<String> fields, boolean anyType) {
        for (String field : fields) {
            JsonNode flat = document.get(field);
            if (usable(flat, anyType)) {
                document.remove(field);
                return text(flat);
            }
            int dot = field.indexOf('.');
            if (dot > 0 && document.get(field.substring(0, dot)) instanceof ObjectNode parent) {
                JsonNode nested = parent.get(field.substring(dot + 1));
                if (usable(nested, anyType)) {
                    parent.remove(field.substring(dot + 1));
                    if (parent.isEmpty()) {
                        document.remove(field.substring(0, dot));
                    }
                    return text(nested);
                }
            }
        }
        return null;
    }

    private static boolean usable(JsonNode value, boolean anyType) {
        return value != null && !value.isNull() && (value.isString() || (anyType && !value.isMissingNode()));
    }

    private static String text(JsonNode value) {
        return value.isString() ? value.stringValue() : value.toString();
    }
}
