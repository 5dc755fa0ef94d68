package io.sluice.common.query.logql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The matcher of {@code | pattern "<ip> - <_> [<ts>] <status>"}, with Loki's rules: a leading
 * literal must start the line; each capture takes the text up to the next occurrence of the
 * following literal; a last capture takes the rest of the line; {@code <_>} matches without
 * capturing. A line that does not match extracts nothing. Linear in the line length; thread-safe.
 */
final class PatternExtractor {

    /** A pattern that does not compile; {@code offset} is the 0-based index in the pattern text. */
    static final class PatternException extends RuntimeException {
        final int offset;

        PatternException(String message, int offset) {
            super(message);
            this.offset = offset;
        }
    }

    /** Alternating parts: a literal ({@code capture == false}) or a capture named {@code text} ({@code _} skips). */
    private record Part(String text, boolean capture) {
    }

    private final List<Part> parts;

    private PatternExtractor(List<Part> parts) {
        this.parts = parts;
    }

    static PatternExtractor compile(String pattern) {
        List<Part> parts = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int pos = 0;
        StringBuilder literal = new StringBuilder();
        while (pos < pattern.length()) {
            char c = pattern.charAt(pos);
            int close = c == '<' ? pattern.indexOf('>', pos) : -1;
            String name = close > 0 ? pattern.substring(pos + 1, close) : null;
            if (name != null && (name.equals("_") || LineTemplate.validName(name))) {
                if (literal.length() > 0) {
                    parts.add(new Part(literal.toString(), false));
                    literal.setLength(0);
                } else if (!parts.isEmpty() && parts.get(parts.size() - 1).capture()) {
                    throw new PatternException("two captures in a row in pattern: put literal text between <"
                            + parts.get(parts.size() - 1).text() + "> and <" + name + ">", pos);
                }
                if (!name.equals("_") && !names.add(name)) {
                    throw new PatternException("capture <" + name + "> appears twice in pattern", pos);
                }
                parts.add(new Part(name, true));
                pos = close + 1;
            } else {
                literal.append(c);
                pos++;
            }
        }
        if (literal.length() > 0) {
            parts.add(new Part(literal.toString(), false));
        }
        if (names.isEmpty()) {
            throw new PatternException("pattern has no named capture such as <status>", 0);
        }
        return new PatternExtractor(List.copyOf(parts));
    }

    /** Puts the captures of {@code line} into {@code out}; nothing when the line does not match. */
    void extract(String line, Map<String, String> out) {
        int pos = 0;
        String[] values = new String[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            if (!p.capture()) {
                if (i == 0) {
                    if (!line.startsWith(p.text())) {
                        return;
                    }
                    pos = p.text().length();
                }
                continue;
            }
            if (i + 1 < parts.size()) {
                String next = parts.get(i + 1).text();
                int at = line.indexOf(next, pos);
                if (at < 0) {
                    return;
                }
                values[i] = line.substring(pos, at);
                pos = at + next.length();
            } else {
                values[i] = line.substring(pos);
                pos = line.length();
            }
        }
        for (int i = 0; i < parts.size(); i++) {
            if (values[i] != null && !parts.get(i).text().equals("_")) {
                out.put(parts.get(i).text(), values[i]);
            }
        }
    }

    /** The capture names, in order. */
    List<String> names() {
        return parts.stream().filter(p -> p.capture() && !p.text().equals("_")).map(Part::text).toList();
    }
}
