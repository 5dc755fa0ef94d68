package io.sluice.agent.core;

/**
 * Writes one flat JSON object of string fields, e.g. an event's {@code attributes_json}. Small on
 * purpose: the agent runs inside every application and brings no JSON library with it. Escapes
 * quotes, backslashes and every control character, and replaces unpaired surrogates with U+FFFD
 * so the result is always valid JSON and valid UTF-8. Not thread-safe; one writer per object.
 */
public final class JsonObjectWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(64).append('{');
    private boolean empty = true;
    private boolean finished;

    /** Adds {@code "name": "value"} ({@code null} value as JSON null). */
    public JsonObjectWriter field(String name, String value) {
        if (finished) {
            throw new IllegalStateException("object already written");
        }
        if (!empty) {
            out.append(',');
        }
        empty = false;
        appendString(out, name);
        out.append(':');
        if (value == null) {
            out.append("null");
        } else {
            appendString(out, value);
        }
        return this;
    }

    /** Whether no field was added. */
    public boolean isEmpty() {
        return empty;
    }

    /** The finished object text. */
    public String toJson() {
        if (!finished) {
            out.append('}');
            finished = true;
        }
        return out.toString();
    }

    /** Appends {@code value} as a quoted, escaped JSON string. */
    static void appendString(StringBuilder sb, String value) {
        sb.append('"');
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        unicodeEscape(sb, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                        sb.append(c).append(value.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        sb.append('\uFFFD');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static void unicodeEscape(StringBuilder sb, char c) {
        sb.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
    }
}
