package io.sluice.pipeline.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles grok expressions ({@code %{IP:client} %{WORD:method} %{NUMBER:status:int}}) into one
 * Java regex: {@code %{NAME}} expands to the library pattern as a non-capturing group,
 * {@code %{NAME:field}} (anywhere, also inside library patterns such as {@code COMBINEDAPACHELOG})
 * to a numbered capture group whose value becomes field {@code field}; a third part (a type hint)
 * is accepted and ignored (values are strings). Compiled once per rule; matching is plain
 * {@link java.util.regex}. The library is {@link GrokLibrary}'s plus any custom definitions.
 */
final class GrokCompiler {

    private static final int MAX_DEPTH = 16;
    private final Map<String, String> library;

    /** A compiler over the built-in library extended (or overridden) by {@code custom}. */
    GrokCompiler(Map<String, String> custom) {
        Map<String, String> all = new HashMap<>(GrokLibrary.PATTERNS);
        if (custom != null) {
            all.putAll(custom);
        }
        this.library = Map.copyOf(all);
    }

    /**
     * The parser for {@code expression}.
     *
     * @throws IllegalArgumentException for an unknown pattern name, a cycle, or a bad resulting regex
     */
    RegexFields compile(String expression) {
        List<String> names = new ArrayList<>();
        String regex = expand(expression, names, 0);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("grok expression " + expression + " names no field (%{PATTERN:field})");
        }
        List<Integer> groups = new ArrayList<>();
        for (int i = 1; i <= names.size(); i++) {
            groups.add(i);
        }
        try {
            return new RegexFields(Pattern.compile(regex), names, groups);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("grok expression " + expression + " gives a bad regex: " + e.getDescription(), e);
        }
    }

    /** The Java regex for {@code expression}; capture groups in the order of {@code names}. */
    String expand(String expression, List<String> names, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("grok patterns nest deeper than " + MAX_DEPTH + " (a cycle?) in " + expression);
        }
        StringBuilder out = new StringBuilder(expression.length() * 4);
        int i = 0;
        boolean inClass = false;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (c == '\\' && i + 1 < expression.length()) {
                out.append(c).append(expression.charAt(i + 1));
                i += 2;
                continue;
            }
            if (inClass || c == '[') {
                inClass = c != ']' || !inClass;
                out.append(c);
                i++;
                continue;
            }
            if (c == '(' && expression.startsWith("(?<", i) && i + 3 < expression.length()
                    && expression.charAt(i + 3) != '=' && expression.charAt(i + 3) != '!') {
                throw new IllegalArgumentException("grok expression " + expression
                        + " uses a Java named group; name fields with %{PATTERN:field} (or use parser regex)");
            }
            if (c == '(' && (i + 1 >= expression.length() || expression.charAt(i + 1) != '?')) {
                out.append("(?:");
                i++;
                continue;
            }
            if (c == '%' && expression.startsWith("%{", i)) {
                int end = expression.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated %{ in grok expression " + expression);
                }
                String[] parts = expression.substring(i + 2, end).split(":", 3);
                String definition = library.get(parts[0]);
                if (definition == null) {
                    throw new IllegalArgumentException("unknown grok pattern %{" + parts[0] + "} in " + expression);
                }
                if (parts.length > 1 && !parts[1].isEmpty()) {
                    out.append('(');
                    names.add(parts[1]);
                } else {
                    out.append("(?:");
                }
                out.append(expand(definition, names, depth + 1)).append(')');
                i = end + 1;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }
}
