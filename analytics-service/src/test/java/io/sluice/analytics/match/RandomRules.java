package io.sluice.analytics.match;

import io.sluice.common.query.LogQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random alert-rule queries built from words and fragments of real lines, so that many of them
 * match: case-sensitive literals and their negations, literal regexes with and without
 * {@code (?i)}, alternations, regexes with and without a required literal, and selectors.
 */
final class RandomRules {

    private static final String[] SYSTEMS = {"apache", "hdfs", "hadoop", "healthapp", "linux", "openssh", "spark", "zookeeper"};
    private static final String[] LEVELS = {"INFO", "WARN", "ERROR", "DEBUG"};

    private final Random random;
    private final List<String> lines;

    RandomRules(Random random, List<String> lines) {
        this.random = random;
        this.lines = lines;
    }

    /** {@code n} queries, about {@code regexShare} of them with a non-literal regex filter. */
    List<LogQuery> queries(int n, double regexShare) {
        List<LogQuery> out = new ArrayList<>(n);
        while (out.size() < n) {
            StringBuilder q = new StringBuilder(selector());
            int filters = 1 + (random.nextInt(4) == 0 ? 1 : 0);
            for (int i = 0; i < filters; i++) {
                q.append(' ').append(random.nextDouble() < regexShare ? regexFilter() : literalFilter());
            }
            String text = q.toString();
            try {
                out.add(LogQuery.parse(text));
            } catch (IllegalArgumentException e) {
                // a generated regex RE2 refuses: draw another
            }
        }
        return out;
    }

    /** One word or fragment of a random line. */
    String word() {
        String line = lines.get(random.nextInt(lines.size()));
        if (random.nextBoolean()) {
            String[] tokens = line.split("[^A-Za-z0-9_]+");
            String t = tokens[random.nextInt(tokens.length)];
            if (t.length() >= 3) {
                return t;
            }
        }
        int len = 3 + random.nextInt(10);
        if (line.length() <= len) {
            return line.isEmpty() ? "x" : line;
        }
        int start = random.nextInt(line.length() - len);
        return line.substring(start, start + len);
    }

    private String selector() {
        return switch (random.nextInt(8)) {
            case 0 -> "{service=\"" + SYSTEMS[random.nextInt(SYSTEMS.length)] + "\"}";
            case 1 -> "{level=\"" + LEVELS[random.nextInt(LEVELS.length)] + "\"}";
            case 2 -> "{level=~\"WARN|ERROR\"}";
            case 3 -> "{service!=\"" + SYSTEMS[random.nextInt(SYSTEMS.length)] + "\", level!=\"DEBUG\"}";
            case 4 -> "{service=~\"h.*\"}";
            default -> "{}";
        };
    }

    private String literalFilter() {
        String w = word();
        return switch (random.nextInt(10)) {
            case 0, 1 -> "!= " + raw(w);
            case 2 -> "|~ " + raw(quote(w));
            case 3 -> "|~ " + raw("(?i)" + quote(randomCase(w)));
            case 4 -> "|~ " + raw(quote(word()) + "|" + quote(word()) + "|" + quote(w));
            case 5 -> "|~ " + raw("(?i)(" + quote(randomCase(w)) + "|" + quote(randomCase(word())) + ")");
            case 6 -> "|= " + raw(randomCase(w));
            default -> "|= " + raw(w);
        };
    }

    private String regexFilter() {
        String w = quote(word());
        String op = random.nextInt(5) == 0 ? "!~ " : "|~ ";
        String regex = switch (random.nextInt(14)) {
            case 0 -> w + "\\s*\\d+";
            case 1 -> "(?i)" + randomCase(w) + ".*" + quote(word());
            case 2 -> "\\b" + w + "\\b";
            case 3 -> w + "[:=]\\s*\\S+";
            case 4 -> "(fail(ed|ure)|error|exception)";
            case 5 -> "[0-9]{3,}\\.[0-9]+";
            case 6 -> "^\\S+ \\S+";
            case 7 -> "(" + w + "|" + quote(word()) + ")+ \\w+";
            case 8 -> dotted(word());
            case 9 -> "(?i:" + randomCase(w) + ")" + quote(word());
            case 10 -> w + "(s|es)?";
            case 11 -> "colou?r|" + w + "x?y*";
            case 12 -> "\\Q" + word().replace("\\E", "") + "\\E\\d";
            default -> w + "|\\d{4}-";
        };
        return op + raw(regex);
    }

    private String dotted(String w) {
        StringBuilder b = new StringBuilder();
        for (char c : w.toCharArray()) {
            b.append(random.nextInt(4) == 0 ? "." : quote(String.valueOf(c)));
        }
        return b.toString();
    }

    private String randomCase(String w) {
        StringBuilder b = new StringBuilder(w.length());
        for (char c : w.toCharArray()) {
            b.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return b.toString();
    }

    /** {@code s} with RE2's metacharacters escaped one by one (not \Q..\E, to exercise the parser). */
    static String quote(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** A raw query string; backticks inside become dots (which only widen the literal's meaning in a regex). */
    private static String raw(String s) {
        return "`" + s.replace('`', '.') + "`";
    }

    static String level(Random random) {
        return LEVELS[random.nextInt(LEVELS.length)];
    }
}
