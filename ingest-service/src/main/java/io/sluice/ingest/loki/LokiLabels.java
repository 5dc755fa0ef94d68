package io.sluice.ingest.loki;

import io.sluice.ingest.http.RequestProblem;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * Parses the stream labels of a Loki protobuf push, written in Prometheus text form:
 * {@code {app="api", env="prod"}}. Values are double-quoted with Go escapes ({@code \"}, {@code \\},
 * {@code \n}, {@code \t}, {@code \r}, {@code \xHH}, {@code \\uHHHH}); names match
 * {@code [a-zA-Z_][a-zA-Z0-9_]*}. Anything else is a 400 {@link RequestProblem} quoting the labels,
 * as Loki answers.
 */
final class LokiLabels {

    private final String text;
    private int at;

    private LokiLabels(String text) {
        this.text = text;
    }

    /** The labels in {@code text}, in their order. */
    static Map<String, String> parse(String text) {
        return new LokiLabels(text).labels();
    }

    private Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        skipSpace();
        expect('{');
        skipSpace();
        if (peek() == '}') {
            at++;
        } else {
            while (true) {
                String name = name();
                skipSpace();
                expect('=');
                skipSpace();
                labels.put(name, quoted());
                skipSpace();
                char next = next();
                if (next == '}') {
                    break;
                }
                if (next != ',') {
                    throw error("expected ',' or '}' at position " + (at - 1));
                }
                skipSpace();
            }
        }
        skipSpace();
        if (at != text.length()) {
            throw error("unexpected text after '}' at position " + at);
        }
        return labels;
    }

    private String name() {
        int start = at;
        while (at < text.length()) {
            char c = text.charAt(at);
            boolean letter = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!letter && !(at > start && c >= '0' && c <= '9')) {
                break;
            }
            at++;
        }
        if (at == start) {
            throw error("expected a label name at position " + at);
        }
        return text.substring(start, at);
    }

    private String quoted() {
        expect('"');
        StringBuilder value = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return value.toString();
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            char escaped = next();
            switch (escaped) {
                case '"', '\\', '\'' -> value.append(escaped);
                case 'n' -> value.append('\n');
                case 't' -> value.append('\t');
                case 'r' -> value.append('\r');
                case 'x' -> value.append((char) hex(2));
                case 'u' -> value.append((char) hex(4));
                default -> throw error("unknown escape '\\" + escaped + "' at position " + (at - 1));
            }
        }
    }

    private int hex(int digits) {
        if (at + digits > text.length()) {
            throw error("incomplete escape at position " + at);
        }
        try {
            int value = Integer.parseInt(text, at, at + digits, 16);
            at += digits;
            return value;
        } catch (NumberFormatException e) {
            throw error("invalid hex escape at position " + at);
        }
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private char next() {
        if (at >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(at++);
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "' at position " + (at - 1));
        }
    }

    private RequestProblem error(String why) {
        String shown = text.length() > 120 ? text.substring(0, 120) + "…" : text;
        return new RequestProblem(HttpStatus.BAD_REQUEST, "error parsing labels '" + shown + "': " + why);
    }
}
