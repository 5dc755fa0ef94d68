package io.sluice.common.query.logql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A path of {@code | json label="path"}: {@code a.b}, {@code items[0].id}, {@code a["key with.dot"]}.
 * Elements are field names ({@code String}) and array indexes ({@code Integer}).
 */
record JsonPath(List<Object> elements) {

    static JsonPath parse(String path) {
        List<Object> out = new ArrayList<>();
        int i = 0;
        int n = path.length();
        StringBuilder name = new StringBuilder();
        while (i < n) {
            char c = path.charAt(i);
            if (c == '.') {
                flush(name, out, path);
                i++;
            } else if (c == '[') {
                flush(name, out, path);
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed '[' in JSON path '" + path + "'");
                }
                String inner = path.substring(i + 1, close).trim();
                if (inner.length() >= 2 && inner.startsWith("\"") && inner.endsWith("\"")) {
                    out.add(inner.substring(1, inner.length() - 1));
                } else {
                    try {
                        out.add(Integer.parseInt(inner));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("expected an index or a quoted key in '[" + inner
                                + "]' of JSON path '" + path + "'");
                    }
                }
                i = close + 1;
            } else {
                name.append(c);
                i++;
            }
        }
        flush(name, out, path);
        if (out.isEmpty()) {
            throw new IllegalArgumentException("empty JSON path");
        }
        return new JsonPath(List.copyOf(out));
    }

    private static void flush(StringBuilder name, List<Object> out, String path) {
        if (name.length() > 0) {
            out.add(name.toString());
            name.setLength(0);
        }
    }

    /** The value at this path in a parsed JSON document, or {@code null} when absent. */
    Object resolve(Object root) {
        Object cur = root;
        for (Object e : elements) {
            if (e instanceof String key && cur instanceof Map<?, ?> m) {
                cur = m.get(key);
            } else if (e instanceof Integer idx && cur instanceof List<?> l && idx >= 0 && idx < l.size()) {
                cur = l.get(idx);
            } else {
                return null;
            }
        }
        return cur;
    }
}
