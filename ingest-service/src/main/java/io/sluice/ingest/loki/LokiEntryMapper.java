package io.sluice.ingest.loki;

import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.compat.ProtocolEvents;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps one Loki entry (its stream's labels, timestamp, line and structured metadata) to a Sluice
 * event. Service is the first of the labels {@code service_name}, {@code service}, {@code app},
 * {@code job} ({@code unknown_service} when none is set, as Loki names it); host the first of
 * {@code host}, {@code hostname}, {@code pod}; level the first of {@code level},
 * {@code detected_level}, {@code severity} (a value that is no known level is stored as INFO and
 * kept as an attribute). Each is looked up in the stream labels, then in the entry's structured
 * metadata (loki4j sends the level there). Every label and metadata pair not used this way goes
 * into the attributes (metadata wins on a clash). Pure and thread-safe.
 */
final class LokiEntryMapper {

    private static final List<String> SERVICE = List.of("service_name", "service", "app", "job");
    private static final List<String> HOST = List.of("host", "hostname", "pod");
    private static final List<String> LEVEL = List.of("level", "detected_level", "severity");

    private LokiEntryMapper() {
    }

    static LogEvent map(Map<String, String> labels, long nanos, String line, Map<String, String> metadata) {
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        labels.forEach(attributes::put);
        metadata.forEach(attributes::put);
        String service = take(SERVICE, labels, metadata, attributes);
        String host = take(HOST, labels, metadata, attributes);
        String rawLevel = take(LEVEL, labels, metadata, attributes);
        return ProtocolEvents.event(nanos, service, host, rawLevel, line, attributes);
    }

    /** The first of {@code names} set in labels (then metadata); that pair is removed from the attributes. */
    private static String take(List<String> names, Map<String, String> labels, Map<String, String> metadata, ObjectNode attributes) {
        for (Map<String, String> source : List.of(labels, metadata)) {
            for (String name : names) {
                String value = source.get(name);
                if (value != null && !value.isBlank()) {
                    if (source == labels && metadata.containsKey(name)) {
                        return value;
                    }
                    attributes.remove(name);
                    return value;
                }
            }
        }
        return null;
    }
}
