package io.sluice.pipeline.parse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * logfmt: the whole line is {@code key=value} pairs separated by spaces, values bare or
 * double-quoted with backslash escapes ({@code msg="a \"b\""}); a bare key ({@code debug}) gets
 * the empty value; at least one pair is needed. Strict mode (auto-detection) also rejects bare keys, so free text never passes
 * for logfmt. An unterminated quote or a pair without a key rejects the line. Hand scanner.
 */
final class LogfmtFields implements FieldParser {

    private final boolean strict;

    /** A logfmt parser; {@code strict} rejects lines with bare keys. */
    LogfmtFields(boolean strict) {
        this.strict = strict;
    }

    /** Cheap pre-check for auto-detection: the first token is {@code key=...}. */
    static boolean startsWithPair(String line) {
        int n = line.length();
        int i = 0;
        while (i < n && line.charAt(i) == ' ') {
            i++;
        }
        int keyStart = i;
        while (i < n) {
            char c = line.charAt(i);
            if (c == '=') {
                return i > keyStart;
            }
            if (c <= ' ' || c == '"') {
                return false;
            }
            i++;
        }
        return false;
    }

    @Override
    public boolean parse(String line, Map<String, String> out) {
        if (line == null) {
            return false;
        }
        // Straight into out when it is empty (the common case), so a good line costs no second map.
        Map<String, String> fields = out.isEmpty() ? out : new LinkedHashMap<>();
        int pairs = 0;
        int n = line.length();
        int i = skipSpace(line, 0);
        while (i < n) {
            int keyStart = i;
            char c;
            while (i < n && (c = line.charAt(i)) > ' ' && c != '=' && c != '"') {
                i++;
            }
            if (i == keyStart) {
                return fail(fields, out);
            }
            String key = line.substring(keyStart, i);
            if (i < n && line.charAt(i) == '=') {
                pairs++;
                i++;
                if (i < n && line.charAt(i) == '"') {
                    int close = QuotedValues.close(line, i, '"');
                    if (close < 0) {
                        return fail(fields, out);
                    }
                    fields.put(key, QuotedValues.value(line, i, close, '"'));
                    i = close + 1;
                } else {
                    int valueStart = i;
                    while (i < n && (c = line.charAt(i)) > ' ') {
                        if (c == '"') {
                            return fail(fields, out);
                        }
                        i++;
                    }
                    fields.put(key, line.substring(valueStart, i));
                }
            } else if (strict || i < n && line.charAt(i) == '"') {
                return fail(fields, out);
            } else {
                fields.put(key, "");
            }
            if (i < n && line.charAt(i) > ' ') {
                return fail(fields, out);
            }
            i = skipSpace(line, i);
        }
        if (pairs == 0) {
            return fail(fields, out);
        }
        if (fields != out) {
            out.putAll(fields);
        }
        return true;
    }

    private static boolean fail(Map<String, String> fields, Map<String, String> out) {
        if (fields == out) {
            out.clear();
        }
        return false;
    }

    private static int skipSpace(String line, int i) {
        while (i < line.length() && line.charAt(i) <= ' ') {
            i++;
        }
        return i;
    }
}
