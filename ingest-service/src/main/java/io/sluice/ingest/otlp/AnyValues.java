package io.sluice.ingest.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * OTLP {@code AnyValue} as JSON: strings, booleans, integers and doubles as themselves, arrays as
 * arrays, key-value lists as objects, bytes as base64 strings, an empty (or profile-dictionary) value as null. Doubles JSON
 * cannot hold (NaN, infinities) become their names as strings. Nesting is bounded by the protobuf
 * parser's recursion limit.
 */
final class AnyValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AnyValues() {
    }

    static JsonNode toJson(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> NODES.stringNode(value.getStringValue());
            case BOOL_VALUE -> NODES.booleanNode(value.getBoolValue());
            case INT_VALUE -> NODES.numberNode(value.getIntValue());
            case DOUBLE_VALUE -> Double.isFinite(value.getDoubleValue())
                    ? NODES.numberNode(value.getDoubleValue())
                    : NODES.stringNode(Double.toString(value.getDoubleValue()));
            case BYTES_VALUE -> NODES.stringNode(Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray()));
            case ARRAY_VALUE -> {
                ArrayNode array = NODES.arrayNode();
                value.getArrayValue().getValuesList().forEach(element -> array.add(toJson(element)));
                yield array;
            }
            case KVLIST_VALUE -> {
                ObjectNode object = NODES.objectNode();
                putAll(object, value.getKvlistValue().getValuesList());
                yield object;
            }
            default -> NODES.nullNode();
        };
    }

    /** Adds every pair of {@code pairs} to {@code object} (a later pair wins over an earlier one). */
    static void putAll(ObjectNode object, Iterable<KeyValue> pairs) {
        for (KeyValue pair : pairs) {
            object.set(pair.getKey(), toJson(pair.getValue()));
        }
    }

    /** The value as text: a string as is, anything else as its JSON. */
    static String text(AnyValue value) {
        return value.getValueCase() == AnyValue.ValueCase.STRING_VALUE ? value.getStringValue() : toJson(value).toString();
    }
}
