package io.sluice.logstore.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fields the pipeline stored with an event ({@code fieldsJson}) as the flat string map LogQL
 * label filters see: nested objects joined with {@code _} as {@code | json} does, other non-strings
 * as their JSON text. Text that is not a JSON object gives no fields. Thread-safe.
 */
final class StoredFields {

    private static final JsonMapper MAPPER = JsonMapper.shared();

    private StoredFields() {
    }

    static Map<String, String> of(String fieldsJson) {
        if (fieldsJson == null || fieldsJson.isBlank()) {
            return Map.of();
        }
        try {
            JsonNode node = MAPPER.readTree(fieldsJson);
            if (node == null || !node.isObject()) {
                return Map.of();
            }
            Map<String, String> out = new LinkedHashMap<>();
            flatten("", node, out);
            return out;
        } catch (JacksonException e) {
            return Map.of();
        }
    }

    private static void flatten(String prefix, JsonNode object, Map<String, String> out) {
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            String key = prefix + entry.getKey();
            JsonNode value = entry.getValue();
            if (value.isObject()) {
                flatten(key + "_", value, out);
            } else if (!value.isNull()) {
                out.put(key, value.isString() ? value.asString() : MAPPER.writeValueAsString(value));
            }
        }
    }
}
