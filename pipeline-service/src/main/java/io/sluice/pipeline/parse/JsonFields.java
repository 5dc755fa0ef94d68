package io.sluice.pipeline.parse;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * A line that, trimmed, is one JSON object gives its fields, nested objects flattened with
 * {@code _} as LogQL's {@code | json} does ({@code {"a":{"b":1}}} gives {@code a_b=1}); numbers,
 * booleans and {@code null} as their JSON text, arrays as compact JSON. One streaming pass, no tree
 * except for arrays.
 */
final class JsonFields implements FieldParser {

    private static final int MAX_DEPTH = 32;
    private final JsonMapper mapper = JsonMapper.builder().build();

    @Override
    public boolean parse(String line, Map<String, String> out) {
        if (!looksLikeObject(line)) {
            return false;
        }
        // Straight into out when it is empty (the common case), so a good line costs no second map.
        Map<String, String> fields = out.isEmpty() ? out : new LinkedHashMap<>();
        boolean ok;
        try (JsonParser p = mapper.createParser(line)) {
            ok = p.nextToken() == JsonToken.START_OBJECT && object(p, "", fields, 0) && p.nextToken() == null;
        } catch (JacksonException | IllegalStateException e) {
            ok = false;
        }
        if (!ok) {
            if (fields == out) {
                out.clear();
            }
            return false;
        }
        if (fields != out) {
            out.putAll(fields);
        }
        return true;
    }

    /** Whether {@code line}, ignoring surrounding white space, starts with '{' and ends with '}'. */
    static boolean looksLikeObject(String line) {
        if (line == null) {
            return false;
        }
        int start = 0;
        int end = line.length() - 1;
        while (start <= end && line.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && line.charAt(end) <= ' ') {
            end--;
        }
        return end > start && line.charAt(start) == '{' && line.charAt(end) == '}';
    }

    private boolean object(JsonParser p, String prefix, Map<String, String> out, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
            String key = prefix.isEmpty() ? p.currentName() : prefix + p.currentName();
            JsonToken v = p.nextToken();
            if (v == null) {
                return false;
            }
            switch (v) {
                case START_OBJECT -> {
                    if (!object(p, key + "_", out, depth + 1)) {
                        return false;
                    }
                }
                case START_ARRAY -> out.put(key, mapper.writeValueAsString(p.readValueAsTree()));
                case VALUE_STRING -> out.put(key, p.getString());
                case VALUE_NULL -> out.put(key, "null");
                default -> out.put(key, p.getText());
            }
        }
        return t == JsonToken.END_OBJECT;
    }
}
