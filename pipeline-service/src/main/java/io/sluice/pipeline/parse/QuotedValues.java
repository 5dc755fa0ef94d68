package io.sluice.pipeline.parse;

/** Reads one quoted value with backslash escapes; shared by the logfmt, key=value, syslog and selector scanners. */
final class QuotedValues {

    private QuotedValues() {
    }

    /** The index of the quote closing the value opened at {@code open}, skipping backslash escapes; {@code -1} when not closed. */
    static int close(String line, int open, char quote) {
        int n = line.length();
        for (int i = open + 1; i < n; i++) {
            char c = line.charAt(i);
            if (c == quote) {
                return i;
            }
            if (c == '\\') {
                i++;
            }
        }
        return -1;
    }

    /**
     * The value between {@code open} and {@code close} (the quotes), unescaping {@code \"},
     * {@code \\}, {@code \n}, {@code \t}, {@code \r} (other escapes are kept as written); a plain
     * substring when there is nothing to unescape.
     */
    static String value(String line, int open, int close, char quote) {
        int slash = line.indexOf('\\', open + 1);
        if (slash < 0 || slash > close) {
            return line.substring(open + 1, close);
        }
        StringBuilder into = new StringBuilder(close - open);
        int runStart = open + 1;
        for (int i = slash; i < close; i++) {
            if (line.charAt(i) != '\\') {
                continue;
            }
            into.append(line, runStart, i);
            char next = line.charAt(i + 1);
            switch (next) {
                case 'n' -> into.append('\n');
                case 't' -> into.append('\t');
                case 'r' -> into.append('\r');
                default -> {
                    if (next != quote && next != '\\' && next != ']') {
                        into.append('\\');
                    }
                    into.append(next);
                }
            }
            i++;
            runStart = i + 1;
        }
        return into.append(line, runStart, close).toString();
    }

    /** {@link #close} then {@link #value}: appends the value to {@code into} and returns the index after the closing quote, or {@code -1}. */
    static int read(String line, int open, char quote, StringBuilder into) {
        int close = close(line, open, quote);
        if (close < 0) {
            return -1;
        }
        into.append(value(line, open, close, quote));
        return close + 1;
    }
}
