package io.sluice.admin.web;

/**
 * Writes log queries that select one label value, for links such as "search this service's logs".
 * The value comes from log data, so quotes and backslashes are escaped to keep the query valid.
 */
public final class QueryText {

    private QueryText() {
    }

    /** {@code {label="value"}} with {@code value} escaped for a double-quoted query string. */
    public static String selector(String label, String value) {
        StringBuilder sb = new StringBuilder(value.length() + label.length() + 6).append('{').append(label).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"', '\\' -> sb.append('\\').append(c);
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.append("\"}").toString();
    }
}
