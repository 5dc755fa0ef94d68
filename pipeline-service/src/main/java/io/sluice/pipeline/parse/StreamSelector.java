package io.sluice.pipeline.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A LogQL stream selector over the labels a pipeline event has before parsing: {@code service},
 * {@code host} and {@code level}, e.g. {@code {service="nginx", host=~"web-.*"}}. Operators
 * {@code =}, {@code !=}, {@code =~}, {@code !~} (regular expressions match the whole value, as in
 * LogQL); {@code {}} matches everything. Immutable and thread-safe.
 */
public final class StreamSelector {

    private static final StreamSelector ANY = new StreamSelector(List.of());

    private final List<Matcher> matchers;

    private StreamSelector(List<Matcher> matchers) {
        this.matchers = matchers;
    }

    /**
     * Parses {@code text}; blank means match everything.
     *
     * @throws IllegalArgumentException naming the column of the first error
     */
    public static StreamSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return ANY;
        }
        String s = text.strip();
        int i = 0;
        if (s.charAt(i) != '{') {
            throw error(text, i, "expected '{'");
        }
        i = skip(s, i + 1);
        List<Matcher> matchers = new ArrayList<>();
        while (i < s.length() && s.charAt(i) != '}') {
            int nameStart = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            String label = s.substring(nameStart, i);
            if (!label.equals("service") && !label.equals("host") && !label.equals("level")) {
                throw error(text, nameStart, "label must be service, host or level, was '" + label + "'");
            }
            i = skip(s, i);
            String op;
            if (s.startsWith("=~", i) || s.startsWith("!~", i) || s.startsWith("!=", i)) {
                op = s.substring(i, i + 2);
                i += 2;
            } else if (s.startsWith("=", i)) {
                op = "=";
                i++;
            } else {
                throw error(text, i, "expected =, !=, =~ or !~");
            }
            i = skip(s, i);
            if (i >= s.length() || s.charAt(i) != '"') {
                throw error(text, i, "expected a double-quoted value");
            }
            StringBuilder value = new StringBuilder();
            int end = QuotedValues.read(s, i, '"', value);
            if (end < 0) {
                throw error(text, i, "unterminated string");
            }
            matchers.add(matcher(label, op, value.toString(), text, i));
            i = skip(s, end);
            if (i < s.length() && s.charAt(i) == ',') {
                i = skip(s, i + 1);
            } else if (i < s.length() && s.charAt(i) != '}') {
                throw error(text, i, "expected ',' or '}'");
            }
        }
        if (i != s.length() - 1) {
            throw error(text, i, "expected '}' at the end");
        }
        return new StreamSelector(List.copyOf(matchers));
    }

    /** Whether an event with these labels is selected. */
    public boolean matches(String service, String host, String level) {
        for (Matcher m : matchers) {
            String v = switch (m.label) {
                case "service" -> service;
                case "host" -> host;
                default -> level;
            };
            if (!m.test(v == null ? "" : v)) {
                return false;
            }
        }
        return true;
    }

    private static Matcher matcher(String label, String op, String value, String text, int column) {
        Pattern pattern = null;
        if (op.endsWith("~")) {
            try {
                pattern = Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw error(text, column, "bad regular expression: " + e.getDescription());
            }
        }
        return new Matcher(label, op.startsWith("!"), value, pattern);
    }

    private static int skip(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static IllegalArgumentException error(String text, int column, String what) {
        return new IllegalArgumentException("stream selector " + text + ": " + what + " at column " + (column + 1));
    }

    private record Matcher(String label, boolean negate, String value, Pattern pattern) {
        boolean test(String v) {
            boolean hit = pattern == null ? value.equals(v) : pattern.matcher(v).matches();
            return hit != negate;
        }
    }
}
