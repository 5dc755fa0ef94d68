package io.sluice.admin.search;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the JSON text the archive stores for an event's attributes and parsed fields back into
 * objects. Empty text means no attributes ({@code {}}); text that is not a JSON object (which the
 * pipeline never writes) is kept, not dropped, as {@code {"_raw": text}}. Thread-safe.
 */
final class StoredJson {

    private static final JsonMapper MAPPER = JsonMapper.shared();

    private StoredJson() {
    }

    /** The object stored as {@code text}. */
    static ObjectNode object(String text) {
        if (text == null || text.isBlank()) {
            return MAPPER.createObjectNode();
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node != null && node.isObject()) {
                return (ObjectNode) node;
            }
            if (node == null || node.isNull()) {
                return MAPPER.createObjectNode();
            }
        } catch (JacksonException e) {
            // fall through: keep what was stored
        }
        ObjectNode raw = MAPPER.createObjectNode();
        raw.put("_raw", text);
        return raw;
    }

    /** A value as a person reads it: strings as they are, anything else as compact JSON. */
    static String display(JsonNode value) {
        return value.isString() ? value.asString() : MAPPER.writeValueAsString(value);
    }
}
