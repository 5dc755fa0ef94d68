package io.sluice.common.query.logql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for {@code | json}: objects become {@code Map}s, arrays {@code List}s,
 * numbers their text as written ({@link JsonNumber}), strings unescaped. Nesting deeper than
 * {@link #MAX_DEPTH} is refused, so a hostile line cannot exhaust the stack.
 */
final class Json {

    static final int MAX_DEPTH = 64;

    /** A number kept as its text, so {@code 1.50} is extracted as written. */
    record JsonNumber(String text) {
    }

    /** A line that is not valid JSON; without a stack trace, as it is thrown per line on a hot path. */
    static final class JsonException extends RuntimeException {
        JsonException(String message) {
            super(message, null, false, false);
        }
    }

    private final String s;
    private int pos;

    private Json(String s) {
        this.s = s;
    }

    static Object parse(String text) {
        Json j = new Json(text);
        j.space();
        Object v = j.value(0);
        j.space();
        if (j.pos != text.length()) {
            throw new JsonException("unexpected text after the JSON value at offset " + j.pos);
        }
        return v;
    }

    /** The value as a label: text of scalars, {@code null} for objects, arrays and null. */
    static String scalar(Object v) {
        if (v instanceof String str) {
            return str;
        }
        if (v instanceof JsonNumber n) {
            return n.text();
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        return null;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new JsonException("JSON nested deeper than " + MAX_DEPTH);
        }
        if (pos >= s.length()) {
            throw new JsonException("unexpected end of JSON");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{' -> {
                pos++;
                Map<String, Object> m = new LinkedHashMap<>();
                space();
                if (peek() == '}') {
                    pos++;
                    return m;
                }
                while (true) {
                    space();
                    if (peek() != '"') {
                        throw new JsonException("expected a key at offset " + pos);
                    }
                    String key = string();
                    space();
                    if (peek() != ':') {
                        throw new JsonException("expected ':' at offset " + pos);
                    }
                    pos++;
                    space();
                    m.put(key, value(depth + 1));
                    space();
                    char d = peek();
                    pos++;
                    if (d == '}') {
                        return m;
                    }
                    if (d != ',') {
                        throw new JsonException("expected ',' or '}' at offset " + (pos - 1));
                    }
                }
            }
            case '[' -> {
                pos++;
                List<Object> l = new ArrayList<>();
                space();
                if (peek() == ']') {
                    pos++;
                    return l;
                }
                while (true) {
                    space();
                    l.add(value(depth + 1));
                    space();
                    char d = peek();
                    pos++;
                    if (d == ']') {
                        return l;
                    }
                    if (d != ',') {
                        throw new JsonException("expected ',' or ']' at offset " + (pos - 1));
                    }
                }
            }
            case '"' -> {
                return string();
            }
            case 't' -> {
                return literal("true", Boolean.TRUE);
            }
            case 'f' -> {
                return literal("false", Boolean.FALSE);
            }
            case 'n' -> {
                return literal("null", null);
            }
            default -> {
                return number();
            }
        }
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, pos)) {
            throw new JsonException("unexpected character at offset " + pos);
        }
        pos += word.length();
        return v;
    }

    private JsonNumber number() {
        int start = pos;
        while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
        if (start == pos) {
            throw new JsonException("unexpected character at offset " + pos);
        }
        return new JsonNumber(s.substring(start, pos));
    }

    private String string() {
        pos++;
        StringBuilder sb = null;
        int start = pos;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '"') {
                String out = sb == null ? s.substring(start, pos) : sb.append(s, start, pos).toString();
                pos++;
                return out;
            }
            if (c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(s, start, pos);
                if (pos + 1 >= s.length()) {
                    break;
                }
                char e = s.charAt(pos + 1);
                pos += 2;
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw new JsonException("bad \\u escape");
                        }
                        try {
                            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw new JsonException("bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> sb.append(e);
                }
                start = pos;
            } else {
                pos++;
            }
        }
        throw new JsonException("unterminated string");
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : 0;
    }

    private void space() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }
}
