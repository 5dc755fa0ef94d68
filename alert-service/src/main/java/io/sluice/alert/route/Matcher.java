package io.sluice.alert.route;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher as Alertmanager writes it: {@code name="value"}, {@code name!="value"},
 * {@code name=~"regex"}, {@code name!~"regex"}. Regular expressions are anchored (they must match
 * the whole value), and a missing label matches as the empty string, as in Alertmanager. Used by
 * routes, silences and inhibition rules. Immutable and pure.
 *
 * @param name label name
 * @param op the comparison
 * @param value literal value or regular expression
 */
public record Matcher(String name, Op op, String value) {

    /** The four comparisons. */
    public enum Op {
        EQ("="), NEQ("!="), RE("=~"), NRE("!~");

        private final String text;

        Op(String text) {
            this.text = text;
        }

        /** How the operator is written. */
        public String text() {
            return text;
        }
    }

    public Matcher {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
        if (!validName(name)) {
            throw new IllegalArgumentException("invalid label name '" + name + "'");
        }
        if (op == Op.RE || op == Op.NRE) {
            try {
                Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regular expression '" + value + "': " + e.getDescription());
            }
        }
    }

    /** Whether {@code labels} satisfy this matcher (a missing label counts as ""). */
    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        return switch (op) {
            case EQ -> actual.equals(value);
            case NEQ -> !actual.equals(value);
            case RE -> pattern().matcher(actual).matches();
            case NRE -> !pattern().matcher(actual).matches();
        };
    }

    /** Whether {@code labels} satisfy every matcher of {@code matchers} (true for none). */
    public static boolean all(List<Matcher> matchers, Map<String, String> labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses {@code name="value"} (also {@code !=}, {@code =~}, {@code !~}); the value may be
     * unquoted when it has no spaces. Inside quotes, {@code \"} and {@code \\} are escapes.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Matcher parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a matcher must not be blank: name=\"value\"");
        }
        String s = text.trim();
        int i = 0;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
        }
        String name = s.substring(0, i);
        String rest = s.substring(i).stripLeading();
        Op op = null;
        for (Op candidate : new Op[] {Op.NEQ, Op.RE, Op.NRE, Op.EQ}) {
            if (rest.startsWith(candidate.text())) {
                op = candidate;
                break;
            }
        }
        if (name.isEmpty() || op == null) {
            throw new IllegalArgumentException("'" + text + "' is not a matcher: expected name=\"value\", name!=\"value\", name=~\"regex\" or name!~\"regex\"");
        }
        String raw = rest.substring(op.text().length()).strip();
        return new Matcher(name, op, unquote(raw, text));
    }

    private static String unquote(String raw, String text) {
        if (!raw.startsWith("\"")) {
            if (raw.contains("\"")) {
                throw new IllegalArgumentException("unbalanced quotes in matcher '" + text + "'");
            }
            return raw;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                char next = raw.charAt(++i);
                if (next == '"' || next == '\\') {
                    out.append(next);
                } else {
                    out.append('\\').append(next);
                }
            } else if (c == '"') {
                if (i != raw.length() - 1) {
                    throw new IllegalArgumentException("unexpected text after the closing quote in matcher '" + text + "'");
                }
                return out.toString();
            } else {
                out.append(c);
            }
        }
        throw new IllegalArgumentException("missing closing quote in matcher '" + text + "'");
    }

    private Pattern pattern() {
        return Patterns.anchored(value);
    }

    private static boolean validName(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            return false;
        }
        return name.chars().allMatch(c -> c == '_' || (c < 128 && Character.isLetterOrDigit(c)));
    }

    /** Alertmanager's text form, e.g. {@code severity=~"warn|crit"}. */
    @Override
    public String toString() {
        return name + op.text() + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
