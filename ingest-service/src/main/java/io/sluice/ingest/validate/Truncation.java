package io.sluice.ingest.validate;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cuts overlong text without breaking a character, and rewrites an event's attributes to mark what
 * was cut. Only runs for events that need it, so the common path never builds a JSON tree.
 * Decimal numbers in attributes are kept digit for digit. Thread-safe.
 */
final class Truncation {

    private final JsonMapper json;
    private final ObjectReader reader;
    private final int maxValueLength;

    Truncation(JsonMapper json, int maxValueLength) {
        this.json = json;
        this.reader = json.reader()
                .with(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
        this.maxValueLength = maxValueLength;
    }

    /**
     * {@code attributes} (a valid JSON object or empty) with every string value longer than the
     * limit cut, {@code sluice.truncated=true} and, when {@code originalMessageBytes >= 0},
     * {@code sluice.originalLength} set.
     */
    String markTruncated(String attributes, long originalMessageBytes) {
        ObjectNode object = attributes.isEmpty() ? json.createObjectNode() : (ObjectNode) reader.readTree(attributes);
        cutStrings(object);
        object.put(EventValidator.TRUNCATED, true);
        if (originalMessageBytes >= 0) {
            object.put(EventValidator.ORIGINAL_LENGTH, originalMessageBytes);
        }
        return json.writeValueAsString(object);
    }

    private void cutStrings(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (field.getValue().isString()) {
                    String value = field.getValue().stringValue();
                    if (value.length() > maxValueLength) {
                        object.put(field.getKey(), charPrefix(value, maxValueLength));
                    }
                } else {
                    cutStrings(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                if (element.isString() && element.stringValue().length() > maxValueLength) {
                    array.set(i, array.stringNode(charPrefix(element.stringValue(), maxValueLength)));
                } else {
                    cutStrings(element);
                }
            }
        }
    }

    /** The longest prefix of {@code s} of at most {@code maxChars} UTF-16 units that does not split a surrogate pair. */
    static String charPrefix(String s, int maxChars) {
        if (s.length() <= maxChars) {
            return s;
        }
        int end = maxChars;
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1)) && Character.isLowSurrogate(s.charAt(end))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** The longest prefix of {@code s} whose UTF-8 encoding has at most {@code maxBytes} bytes, cut between characters. */
    static String utf8Prefix(String s, long maxBytes) {
        long bytes = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int width;
            int chars = 1;
            if (c < 0x80) {
                width = 1;
            } else if (c < 0x800) {
                width = 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                width = 4;
                chars = 2;
            } else {
                width = 3;
            }
            if (bytes + width > maxBytes) {
                break;
            }
            bytes += width;
            i += chars;
        }
        return s.substring(0, i);
    }
}
