package io.sluice.ingest.http;

import io.sluice.common.event.Timestamps;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.validate.EventValidator;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one JSON event object {@code {timestamp, service, host, level, message, attributes}} into a
 * {@link LogEvent}, or names the first field whose JSON type is wrong. A missing timestamp is left
 * unset (the validator stores the receive time). Value rules (required,
 * lengths, known levels) are left to the shared {@link EventValidator}. Unknown fields are ignored.
 */
final class JsonEventDecoder {

    private final JsonMapper json;

    JsonEventDecoder(JsonMapper json) {
        this.json = json;
    }

    /** The decoded event, or the type problem (without the index prefix). */
    Decoded decode(JsonNode node) {
        if (!node.isObject()) {
            return Decoded.problem("expected a JSON object with timestamp, service, host, level, message and attributes, got " + describe(node));
        }
        LogEvent.Builder event = LogEvent.newBuilder();
        Optional<String> problem = timestamp(node.get("timestamp"), event)
                .or(() -> text("service", node.get("service"), event::setService))
                .or(() -> text("host", node.get("host"), event::setHost))
                .or(() -> text("level", node.get("level"), event::setLevel))
                .or(() -> message(node.get("message"), event))
                .or(() -> attributes(node.get("attributes"), event));
        return problem.map(Decoded::problem).orElseGet(() -> new Decoded(event.build(), null));
    }

    private static Optional<String> timestamp(JsonNode value, LogEvent.Builder event) {
        if (absent(value)) {
            return Optional.empty(); // the validator stores it at receive time
        }
        try {
            if (value.isString()) {
                event.setTimestampUnixNanos(Timestamps.parseNanos(value.stringValue()));
                return Optional.empty();
            }
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                event.setTimestampUnixNanos(Math.multiplyExact(value.longValue(), 1_000_000L));
                return Optional.empty();
            }
        } catch (IllegalArgumentException e) {
            return Optional.of("timestamp " + e.getMessage());
        } catch (ArithmeticException e) {
            return Optional.of("timestamp is out of range");
        }
        return Optional.of("timestamp must be an RFC 3339 string or an integer of epoch milliseconds, got " + describe(value));
    }

    private static Optional<String> text(String field, JsonNode value, Consumer<String> setter) {
        if (absent(value)) {
            return Optional.empty();
        }
        if (!value.isString()) {
            return Optional.of(field + " must be a string, got " + describe(value));
        }
        setter.accept(value.stringValue());
        return Optional.empty();
    }

    private static Optional<String> message(JsonNode value, LogEvent.Builder event) {
        if (absent(value)) {
            return Optional.of("message is required (an empty string is allowed)");
        }
        return text("message", value, event::setMessage);
    }

    private Optional<String> attributes(JsonNode value, LogEvent.Builder event) {
        if (absent(value)) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            return Optional.of("attributes must be a JSON object, got " + describe(value));
        }
        event.setAttributesJson(json.writeValueAsString(value));
        return Optional.empty();
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    /** "an object", "a number" ... for messages. */
    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL, MISSING -> "null";
            case BINARY -> "binary data";
        };
    }

    /** An event, or why its JSON did not fit; exactly one is set. */
    record Decoded(LogEvent event, String problem) {

        static Decoded problem(String problem) {
            return new Decoded(null, problem);
        }
    }
}
