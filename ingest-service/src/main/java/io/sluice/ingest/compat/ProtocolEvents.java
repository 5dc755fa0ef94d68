package io.sluice.ingest.compat;

import io.sluice.common.event.Levels;
import io.sluice.common.proto.ingest.v1.LogEvent;
import tools.jackson.databind.node.ObjectNode;

/**
 * The last step every standard-protocol mapper shares: the same fallbacks for a missing service,
 * host or level, and the same rule for a level spelling Sluice does not know (stored as INFO, the
 * original kept as attribute {@code level}), so OTLP, Loki and {@code _bulk} events look alike.
 */
public final class ProtocolEvents {

    /** The service of an event that names none (OpenTelemetry's and Loki's spelling). */
    public static final String UNKNOWN_SERVICE = "unknown_service";

    private ProtocolEvents() {
    }

    /**
     * The event made of these parts; {@code rawLevel}, {@code service} and {@code host} may be null.
     * {@code attributes} may gain {@code level}; empty attributes are stored as none.
     */
    public static LogEvent event(long nanos, String service, String host, String rawLevel, String message, ObjectNode attributes) {
        String level = "INFO";
        if (rawLevel != null) {
            var known = Levels.normalize(rawLevel);
            if (known.isPresent()) {
                level = known.get();
            } else {
                attributes.put("level", rawLevel);
            }
        }
        return LogEvent.newBuilder()
                .setTimestampUnixNanos(nanos)
                .setService(service == null || service.isBlank() ? UNKNOWN_SERVICE : service)
                .setHost(host == null ? "" : host)
                .setLevel(level)
                .setMessage(message == null ? "" : message)
                .setAttributesJson(attributes.isEmpty() ? "" : attributes.toString())
                .build();
    }
}
