package io.sluice.analytics.window;

import io.sluice.common.proto.ingest.v1.LogEvent;
import java.util.List;

/**
 * Finds the configured numeric fields of an event, without parsing JSON and without allocating for
 * events that carry none: the first of {@code "name": number} (also {@code "name": "number"}) in the
 * attributes JSON, then in the parsed fields JSON, then {@code name=number} in the message (logfmt).
 * Values are rounded to whole numbers; negative, non-finite and unparseable values are ignored.
 * Thread-safe (immutable).
 */
public final class NumericFields {

    /** What {@link #extract} writes for a field the event does not carry. */
    public static final long ABSENT = Long.MIN_VALUE;

    private final List<String> names;
    private final String[] jsonKeys;
    private final String[] logfmtKeys;

    /** Looks for {@code names}, in this order (the index of a name is its slot in {@link #extract}'s output). */
    public NumericFields(List<String> names) {
        this.names = List.copyOf(names);
        this.jsonKeys = names.stream().map(n -> "\"" + n + "\"").toArray(String[]::new);
        this.logfmtKeys = names.stream().map(n -> n + "=").toArray(String[]::new);
    }

    /** The field names. */
    public List<String> names() {
        return names;
    }

    /**
     * Writes the value of field {@code i} of {@code e} to {@code out[i]} ({@link #ABSENT} when missing).
     *
     * @return how many fields were found
     */
    public int extract(LogEvent e, long[] out) {
        int found = 0;
        for (int i = 0; i < jsonKeys.length; i++) {
            long v = json(e.getAttributesJson(), jsonKeys[i]);
            if (v == ABSENT) {
                v = json(e.getFieldsJson(), jsonKeys[i]);
            }
            if (v == ABSENT) {
                v = logfmt(e.getMessage(), logfmtKeys[i]);
            }
            out[i] = v;
            if (v != ABSENT) {
                found++;
            }
        }
        return found;
    }

    static long json(String text, String quotedKey) {
        if (text.isEmpty()) {
            return ABSENT;
        }
        int from = 0;
        while (true) {
            int at = text.indexOf(quotedKey, from);
            if (at < 0) {
                return ABSENT;
            }
            int p = skipSpaces(text, at + quotedKey.length());
            if (p < text.length() && text.charAt(p) == ':') {
                p = skipSpaces(text, p + 1);
                if (p < text.length() && text.charAt(p) == '"') {
                    p++;
                }
                return number(text, p);
            }
            from = at + 1;
        }
    }

    static long logfmt(String text, String keyEquals) {
        int from = 0;
        while (true) {
            int at = text.indexOf(keyEquals, from);
            if (at < 0) {
                return ABSENT;
            }
            if (at == 0 || !isNameChar(text.charAt(at - 1))) {
                return number(text, at + keyEquals.length());
            }
            from = at + 1;
        }
    }

    /** Parses {@code [-]digits[.digits][e…]} at {@code p}, rounded; {@link #ABSENT} when there is no number or it is negative. */
    static long number(String text, int p) {
        int start = p;
        int end = p;
        int n = text.length();
        if (end < n && (text.charAt(end) == '-' || text.charAt(end) == '+')) {
            end++;
        }
        int digitsFrom = end;
        long whole = 0;
        while (end < n && Character.isDigit(text.charAt(end)) && end - digitsFrom < 18) {
            whole = whole * 10 + (text.charAt(end) - '0');
            end++;
        }
        if (end == digitsFrom) {
            return ABSENT;
        }
        boolean simple = end >= n || !(Character.isDigit(text.charAt(end)) || text.charAt(end) == '.'
                || text.charAt(end) == 'e' || text.charAt(end) == 'E');
        if (simple) {
            return text.charAt(start) == '-' ? (whole == 0 ? 0 : ABSENT) : whole;
        }
        while (end < n && "0123456789.eE+-".indexOf(text.charAt(end)) >= 0) {
            end++;
        }
        try {
            double d = Double.parseDouble(text.substring(start, end));
            return Double.isFinite(d) && d >= 0 && d < 9.0e18 ? Math.round(d) : ABSENT;
        } catch (NumberFormatException ex) {
            return ABSENT;
        }
    }

    private static int skipSpaces(String text, int p) {
        while (p < text.length() && Character.isWhitespace(text.charAt(p))) {
            p++;
        }
        return p;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-';
    }
}
