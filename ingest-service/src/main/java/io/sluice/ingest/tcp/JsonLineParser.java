package io.sluice.ingest.tcp;

import io.sluice.common.event.Levels;
import io.sluice.common.event.Timestamps;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps one line of logstash-logback-encoder's {@code LogstashEncoder} JSON to a Sluice event:
 * {@code @timestamp} (RFC 3339 or epoch milliseconds; the receive time when absent) → time,
 * {@code message} → message, {@code level} (else {@code level_value}) → level, the first present
 * of the service fields (default {@code service, app, application, spring.application.name};
 * a dotted name is also looked up as a nested path) → service, the first present host field
 * (default {@code HOSTNAME, host}) → host (else the sender's address), {@code stack_trace} →
 * attribute {@code exception.stacktrace} (as the Sluice agent stores it), {@code api_key} → the API
 * key (removed), {@code @version} and {@code level_value} dropped, every other field (logger_name,
 * thread_name, MDC, custom fields, tags, ...) → attributes. A line that is not a JSON object is
 * malformed, unless it was truncated: then its text is stored as the message with attribute
 * {@code sluice.truncated=true}.
 */
public final class JsonLineParser implements FrameParser {

    /** The field an appender's {@code customFields} can carry the API key in. */
    public static final String API_KEY_FIELD = "api_key";
    /** Attribute set on events whose line was cut at the maximum length. */
    public static final String TRUNCATED = "sluice.truncated";

    private final JsonMapper json;
    private final List<String> serviceFields;
    private final List<String> hostFields;
    private final String defaultService;

    /** A parser choosing service and host from the given fields, in order. */
    public JsonLineParser(JsonMapper json, List<String> serviceFields, List<String> hostFields, String defaultService) {
        this.json = json;
        this.serviceFields = List.copyOf(serviceFields);
        this.hostFields = List.copyOf(hostFields);
        this.defaultService = defaultService;
    }

    @Override
    public Parsed parse(Frame frame, String peerHost, long receivedNanos) {
        JsonNode root;
        try {
            root = json.readTree(frame.bytes());
        } catch (JacksonException e) {
            return frame.truncated() ? truncated(frame, peerHost, receivedNanos)
                    : new Parsed.Malformed("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return frame.truncated() ? truncated(frame, peerHost, receivedNanos)
                    : new Parsed.Malformed("a line must be one JSON object, got " + (root == null ? "nothing" : root.getNodeType()));
        }
        ObjectNode fields = (ObjectNode) root;
        LogEvent.Builder event = LogEvent.newBuilder();
        event.setTimestampUnixNanos(timestamp(fields.remove("@timestamp"), fields, receivedNanos));
        event.setService(WellFormed.text(first(fields, serviceFields, defaultService)));
        event.setHost(WellFormed.text(first(fields, hostFields, peerHost)));
        event.setLevel(level(fields));
        event.setMessage(WellFormed.text(text(fields.remove("message"))));
        JsonNode stack = fields.remove("stack_trace");
        if (stack != null && !stack.isNull()) {
            fields.put("exception.stacktrace", text(stack));
        }
        JsonNode key = fields.remove(API_KEY_FIELD);
        fields.remove("@version");
        if (frame.truncated()) {
            fields.put(TRUNCATED, true);
        }
        event.setAttributesJson(fields.isEmpty() ? "" : WellFormed.text(json.writeValueAsString(fields)));
        String apiKey = key == null || key.isNull() || text(key).isBlank() ? null : WellFormed.text(text(key).strip());
        return new Parsed.Received(event.build(), apiKey);
    }

    private Parsed truncated(Frame frame, String peerHost, long receivedNanos) {
        LogEvent event = LogEvent.newBuilder()
                .setTimestampUnixNanos(receivedNanos)
                .setService(defaultService)
                .setHost(peerHost)
                .setLevel("INFO")
                .setMessage(new String(frame.bytes(), StandardCharsets.UTF_8))
                .setAttributesJson("{\"" + TRUNCATED + "\":true}")
                .build();
        return new Parsed.Received(event, null);
    }

    private static long timestamp(JsonNode value, ObjectNode fields, long receivedNanos) {
        if (value == null || value.isNull()) {
            return receivedNanos;
        }
        try {
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                return Math.multiplyExact(value.longValue(), 1_000_000L);
            }
            if (value.isString()) {
                return Timestamps.parseNanos(value.stringValue());
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            // kept below as an attribute, so nothing is lost
        }
        fields.set("@timestamp", value);
        return receivedNanos;
    }

    /** Removes and returns the first present, non-blank field of {@code names}, else {@code fallback}. */
    private static String first(ObjectNode fields, List<String> names, String fallback) {
        for (String name : names) {
            JsonNode value = fields.get(name);
            if (value != null && value.isValueNode() && !value.isNull() && !text(value).isBlank()) {
                fields.remove(name);
                return text(value).strip();
            }
            JsonNode nested = nested(fields, name);
            if (nested != null && nested.isValueNode() && !nested.isNull() && !text(nested).isBlank()) {
                return text(nested).strip();
            }
        }
        return fallback;
    }

    private static JsonNode nested(ObjectNode fields, String dotted) {
        if (dotted.indexOf('.') < 0) {
            return null;
        }
        JsonNode node = fields;
        for (String part : dotted.split("\\.")) {
            node = node.get(part);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private static String level(ObjectNode fields) {
        JsonNode level = fields.remove("level");
        JsonNode value = fields.remove("level_value");
        if (level != null && level.isString()) {
            var known = Levels.normalize(level.stringValue());
            if (known.isPresent()) {
                return known.get();
            }
            fields.set("level", level);
        }
        if (value != null && value.isIntegralNumber()) {
            long v = value.longValue();
            return v >= 40_000 ? "ERROR" : v >= 30_000 ? "WARN" : v >= 20_000 ? "INFO" : v >= 10_000 ? "DEBUG" : "TRACE";
        }
        return "INFO";
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        return node.isValueNode() ? node.asString() : node.toString();
    }
}
