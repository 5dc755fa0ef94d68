package io.sluice.pipeline.parse;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Extracts structured fields from log lines: a message that, trimmed, is one JSON object becomes
 * that object's fields; any other message (plain text, arrays, broken JSON) has no fields and is
 * kept as it is. Also makes sure attributes are a JSON object, because the archive's JSON columns
 * reject anything else. Stateless and thread-safe; CPU-only, no I/O.
 */
public class EventParser {

    /** Attribute key under which non-JSON attribute text is kept. */
    public static final String RAW_ATTRIBUTES_KEY = "_raw";

    private final JsonMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The fields of {@code message} as compact JSON object text, or {@code null} when it has none. */
    public String fieldsJson(String message) {
        if (message == null) {
            return null;
        }
        String trimmed = message.strip();
        if (trimmed.length() < 2 || trimmed.charAt(0) != '{' || trimmed.charAt(trimmed.length() - 1) != '}') {
            return null;
        }
        JsonNode node = readObject(trimmed);
        return node == null ? null : mapper.writeValueAsString(node);
    }

    /** {@code fields} as compact JSON object text, or {@code null} when empty. */
    public String fieldsToJson(java.util.Map<String, String> fields) {
        if (fields.isEmpty()) {
            return null;
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        fields.forEach(node::put);
        return mapper.writeValueAsString(node);
    }

    /**
     * The fields of {@code message} as strings, nested objects flattened with {@code _} as LogQL's
     * {@code | json} does ({@code {"a":{"b":1}}} gives {@code a_b=1}), arrays as their JSON text;
     * empty when the message is not one JSON object.
     */
    public java.util.Map<String, String> fields(String message) {
        String json = fieldsJson(message);
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        if (json != null) {
            flatten("", readObject(json), out);
        }
        return out;
    }

    private void flatten(String prefix, JsonNode object, java.util.Map<String, String> out) {
        for (var entry : object.properties()) {
            String key = prefix + entry.getKey();
            JsonNode value = entry.getValue();
            if (value.isObject()) {
                flatten(key + "_", value, out);
            } else {
                out.put(key, value.isString() ? value.asString() : mapper.writeValueAsString(value));
            }
        }
    }

    /**
     * The attributes as JSON object text: {@code null} when blank, the object when {@code json} is
     * one, otherwise the original text wrapped as {@code {"_raw": "..."}} so that nothing is lost.
     */
    public String attributesJson(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        JsonNode node = readObject(json.strip());
        if (node != null) {
            return mapper.writeValueAsString(node);
        }
        ObjectNode wrapped = JsonNodeFactory.instance.objectNode().put(RAW_ATTRIBUTES_KEY, json);
        return mapper.writeValueAsString(wrapped);
    }

    private JsonNode readObject(String text) {
        try {
            JsonNode node = mapper.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
