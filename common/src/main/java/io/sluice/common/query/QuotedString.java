package io.sluice.common.query;

/**
 * Reads one quoted string of the query language, shared by both parsers so that quoting and escapes
 * mean the same everywhere: {@code "…"} understands {@code \n \t \r \" \\} (other escapes are kept as
 * written), {@code `…`} is raw.
 *
 * @param value the string's content, escapes resolved
 * @param end index just after the closing quote
 */
public record QuotedString(String value, int end) {

    /**
     * The quoted string whose opening quote is at {@code start} of {@code src}, or {@code null} when it
     * is not closed.
     */
    public static QuotedString scan(String src, int start) {
        char quote = src.charAt(start);
        int pos = start + 1;
        StringBuilder sb = new StringBuilder();
        while (pos < src.length()) {
            char c = src.charAt(pos++);
            if (c == quote) {
                return new QuotedString(sb.toString(), pos);
            }
            if (c == '\\' && quote == '"') {
                if (pos >= src.length()) {
                    return null;
                }
                char e = src.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '"', '\\' -> sb.append(e);
                    default -> sb.append('\\').append(e);
                }
            } else {
                sb.append(c);
            }
        }
        return null;
    }
}
