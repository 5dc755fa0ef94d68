package io.sluice.ingest.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.sluice.common.event.Levels;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.compat.ProtocolEvents;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps an OTLP logs request to Sluice events, one per log record, in request order: resource
 * {@code service.name} → service ({@code unknown_service} when absent, as OpenTelemetry names it),
 * {@code host.name} or else {@code k8s.pod.name} → host, severity number (or else a known
 * severity text) → level, body → message (a string as is, any other value as JSON), time (or else
 * observed time, or else the receive time) → timestamp. The other resource attributes, the scope's
 * name, version and attributes, the record's attributes, trace and span ids (hex), event name and a
 * non-standard severity text go into the attributes object; on a name clash the record's own
 * attribute wins. Pure and thread-safe.
 */
final class OtlpLogMapper {

    /** Service of a resource without {@code service.name}. */

    private static final String[] LEVEL_BY_RANGE = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};

    private OtlpLogMapper() {
    }

    /** The events of {@code request}; {@code receivedNanos} stands in for records without any time. */
    static List<LogEvent> map(ExportLogsServiceRequest request, long receivedNanos) {
        List<LogEvent> events = new ArrayList<>();
        for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
            String service = ProtocolEvents.UNKNOWN_SERVICE;
            String host = "";
            String pod = "";
            ObjectNode resource = JsonNodeFactory.instance.objectNode();
            for (KeyValue pair : resourceLogs.getResource().getAttributesList()) {
                switch (pair.getKey()) {
                    case "service.name" -> service = AnyValues.text(pair.getValue());
                    case "host.name" -> host = AnyValues.text(pair.getValue());
                    case "k8s.pod.name" -> {
                        pod = AnyValues.text(pair.getValue());
                        resource.set(pair.getKey(), AnyValues.toJson(pair.getValue()));
                    }
                    default -> resource.set(pair.getKey(), AnyValues.toJson(pair.getValue()));
                }
            }
            if (service.isBlank()) {
                service = ProtocolEvents.UNKNOWN_SERVICE;
            }
            String chosenHost = host.isBlank() ? pod : host;
            for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
                ObjectNode scoped = resource.deepCopy();
                scope(scoped, scopeLogs.getScope());
                for (LogRecord record : scopeLogs.getLogRecordsList()) {
                    events.add(event(record, service, chosenHost, scoped, receivedNanos));
                }
            }
        }
        return events;
    }

    private static void scope(ObjectNode attributes, InstrumentationScope scope) {
        if (!scope.getName().isEmpty()) {
            attributes.put("scope.name", scope.getName());
        }
        if (!scope.getVersion().isEmpty()) {
            attributes.put("scope.version", scope.getVersion());
        }
        AnyValues.putAll(attributes, scope.getAttributesList());
    }

    private static LogEvent event(LogRecord record, String service, String host, ObjectNode shared, long receivedNanos) {
        ObjectNode attributes = shared.deepCopy();
        AnyValues.putAll(attributes, record.getAttributesList());
        putId(attributes, "trace_id", record.getTraceId());
        putId(attributes, "span_id", record.getSpanId());
        if (!record.getEventName().isEmpty()) {
            attributes.put("event.name", record.getEventName());
        }
        String level = level(record.getSeverityNumberValue(), record.getSeverityText());
        String text = record.getSeverityText().strip();
        if (!text.isEmpty() && !Levels.normalize(text).map(level::equals).orElse(false)) {
            attributes.put("severity_text", text);
        }
        long time = record.getTimeUnixNano() != 0 ? record.getTimeUnixNano()
                : record.getObservedTimeUnixNano() != 0 ? record.getObservedTimeUnixNano() : receivedNanos;
        return LogEvent.newBuilder()
                .setTimestampUnixNanos(time)
                .setService(service)
                .setHost(host)
                .setLevel(level)
                .setMessage(record.getBody().getValueCase() == AnyValue.ValueCase.VALUE_NOT_SET ? "" : AnyValues.text(record.getBody()))
                .setAttributesJson(attributes.isEmpty() ? "" : attributes.toString())
                .build();
    }

    /** The stored level of an OTLP severity number (1–24), or else of its text, or else INFO. */
    static String level(int severityNumber, String severityText) {
        if (severityNumber > 0) {
            return LEVEL_BY_RANGE[Math.min(severityNumber - 1, 23) / 4];
        }
        return Levels.normalize(severityText).orElse("INFO");
    }

    private static void putId(ObjectNode attributes, String name, ByteString id) {
        if (!id.isEmpty()) {
            attributes.put(name, HexFormat.of().formatHex(id.toByteArray()));
        }
    }
}
