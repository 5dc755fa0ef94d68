package io.sluice.analytics.match;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the literals a regular expression (RE2 syntax, already validated) cannot match without,
 * so that the keyword automaton can decide when the regex needs to run at all. Conservative by
 * construction: whatever it does not understand (classes, {@code .}, unknown escapes, counted
 * repeats it cannot parse) counts as "any one character", which only ever weakens the result,
 * never makes it wrong. Pure and thread-safe (one parser object per call).
 *
 * <p>Two answers: {@link Analysis#required()}, a set of which every match contains at least one
 * (null when none can be named), and {@link Analysis#exact()}, set when the regex is nothing but an
 * alternation of literals, so that "the regex finds something" is exactly "one of them occurs" and
 * the regex never has to run.
 */
final class RegexLiterals {

    /** The largest literal set kept; past it, the set is dropped (a regex without a prefilter runs always). */
    static final int MAX_SET = 32;

    /**
     * @param required every match of the regex contains one of these; null when unknown
     * @param exact the regex finds a match if and only if one of these occurs; null when it is not so simple
     */
    record Analysis(List<Literal> required, List<Literal> exact) {
    }

    /** The analysis of {@code regex}. */
    static Analysis analyze(String regex) {
        Frag f;
        try {
            Parser p = new Parser(regex);
            f = p.alternation(false);
            if (p.pos != regex.length()) {
                return new Analysis(null, null);
            }
        } catch (RuntimeException e) {
            return new Analysis(null, null); // syntax this parser does not follow: no prefilter, the regex always runs
        }
        Set<Literal> required = f.exact != null ? f.exact : f.required;
        return new Analysis(usable(required), usable(f.exact));
    }

    private static List<Literal> usable(Set<Literal> set) {
        if (set == null || set.isEmpty() || set.stream().anyMatch(l -> l.text().isEmpty())) {
            return null;
        }
        return List.copyOf(set);
    }

    /**
     * What is known about a piece of the regex: {@code exact} the finite set of strings it matches
     * (null when not finite, not small, or it contains anchors), {@code required} literals one of
     * which every match contains (null when unknown).
     */
    private record Frag(Set<Literal> exact, Set<Literal> required) {
        static final Frag ANY_CHAR = new Frag(null, null);
        static final Frag ANCHOR = new Frag(null, null);
        static final Frag EMPTY = new Frag(Set.of(Literal.exact("")), null);

        static Frag literal(String s, boolean ignoreCase) {
            return new Frag(Set.of(new Literal(s, ignoreCase)), null);
        }

        Set<Literal> best() {
            return exact != null ? exact : required;
        }
    }

    private static final class Parser {
        private final String src;
        private int pos;
        private boolean ignoreCase;

        Parser(String src) {
            this.src = src;
        }

        Frag alternation(boolean inGroup) {
            List<Frag> branches = new ArrayList<>();
            branches.add(concat(inGroup));
            while (pos < src.length() && src.charAt(pos) == '|') {
                pos++;
                branches.add(concat(inGroup));
            }
            if (branches.size() == 1) {
                return branches.get(0);
            }
            Set<Literal> exact = new LinkedHashSet<>();
            Set<Literal> required = new LinkedHashSet<>();
            for (Frag b : branches) {
                if (exact != null && b.exact != null) {
                    exact.addAll(b.exact);
                } else {
                    exact = null;
                }
                if (required != null && b.best() != null) {
                    required.addAll(b.best());
                } else {
                    required = null;
                }
            }
            return new Frag(small(exact), small(required));
        }

        private Frag concat(boolean inGroup) {
            Concat c = new Concat();
            while (pos < src.length()) {
                char ch = src.charAt(pos);
                if (ch == '|' || (ch == ')' && inGroup)) {
                    break;
                }
                if (ch == ')') {
                    throw new IllegalArgumentException("unbalanced )");
                }
                Frag atom = atom();
                if (atom == null) {
                    continue; // a flag group such as (?i): changes the flags, matches nothing
                }
                c.add(repeat(atom));
            }
            return c.finish();
        }

        private Frag repeat(Frag atom) {
            if (pos >= src.length()) {
                return atom;
            }
            char ch = src.charAt(pos);
            int min;
            if (ch == '*' || ch == '?') {
                pos++;
                min = 0;
            } else if (ch == '+') {
                pos++;
                min = 1;
            } else if (ch == '{' && countedRepeat()) {
                int close = src.indexOf('}', pos);
                String body = src.substring(pos + 1, close);
                pos = close + 1;
                int comma = body.indexOf(',');
                min = Integer.parseInt(comma < 0 ? body : body.substring(0, comma));
            } else {
                return atom;
            }
            if (pos < src.length() && src.charAt(pos) == '?') {
                pos++; // non-greedy: same language
            }
            if (pos < src.length() && "*+?".indexOf(src.charAt(pos)) >= 0) {
                throw new IllegalArgumentException("repeated repeat");
            }
            if (ch == '?' && atom.exact != null) {
                Set<Literal> exact = new LinkedHashSet<>(atom.exact);
                exact.add(Literal.exact(""));
                return new Frag(exact, null);
            }
            return min == 0 ? Frag.ANY_CHAR : new Frag(null, atom.best());
        }

        private boolean countedRepeat() {
            int close = src.indexOf('}', pos);
            return close > pos + 1 && src.substring(pos + 1, close).matches("\\d{1,4}(,\\d{0,4})?");
        }

        /** One atom, or null for a flag group that matches nothing. */
        private Frag atom() {
            char ch = src.charAt(pos);
            switch (ch) {
                case '(':
                    return group();
                case '[':
                    return charClass();
                case '.':
                    pos++;
                    return Frag.ANY_CHAR;
                case '^':
                case '$':
                    pos++;
                    return Frag.ANCHOR;
                case '\\':
                    return escape();
                case '*':
                case '+':
                case '?':
                    throw new IllegalArgumentException("missing repeat argument");
                case '{':
                    pos++;
                    return Frag.ANY_CHAR; // a literal '{' in RE2; taken as any character, which is never wrong
                default:
                    return literalChar();
            }
        }

        private Frag literalChar() {
            char ch = src.charAt(pos);
            if (Character.isHighSurrogate(ch) && pos + 1 < src.length() && Character.isLowSurrogate(src.charAt(pos + 1))) {
                pos += 2;
                return ignoreCase ? Frag.ANY_CHAR : Frag.literal(src.substring(pos - 2, pos), false);
            }
            pos++;
            if (Character.isSurrogate(ch)) {
                return Frag.ANY_CHAR;
            }
            return Frag.literal(String.valueOf(ch), ignoreCase);
        }

        private Frag group() {
            pos++;
            boolean saved = ignoreCase;
            if (src.startsWith("?", pos)) {
                pos++;
                if (src.startsWith("P<", pos) || src.startsWith("<", pos)) {
                    pos = src.indexOf('>', pos) + 1;
                    if (pos == 0) {
                        throw new IllegalArgumentException("unterminated group name");
                    }
                } else {
                    boolean negate = false;
                    boolean flags = ignoreCase;
                    while (pos < src.length() && src.charAt(pos) != ':' && src.charAt(pos) != ')') {
                        char f = src.charAt(pos++);
                        if (f == '-') {
                            negate = true;
                        } else if (f == 'i') {
                            flags = !negate;
                        } else if ("msU".indexOf(f) < 0) {
                            throw new IllegalArgumentException("unknown flag " + f);
                        }
                    }
                    if (pos >= src.length()) {
                        throw new IllegalArgumentException("unterminated flags");
                    }
                    if (src.charAt(pos) == ')') {
                        pos++;
                        ignoreCase = flags; // (?i) holds to the end of the enclosing group
                        return null;
                    }
                    pos++;
                    ignoreCase = flags;
                }
            }
            Frag inner = alternation(true);
            if (pos >= src.length() || src.charAt(pos) != ')') {
                throw new IllegalArgumentException("missing )");
            }
            pos++;
            ignoreCase = saved;
            return inner;
        }

        /**
         * A small class of plain characters such as {@code [:=]} or {@code [ T]} becomes the set of
         * its one-character strings (so {@code from[:=]} needs "from:" or "from="); any other
         * class (ranges, negation, escapes, more than four characters) is any one character.
         */
        private Frag charClass() {
            int start = pos;
            Set<Literal> chars = new LinkedHashSet<>();
            int i = pos + 1;
            while (i < src.length() && src.charAt(i) != ']' && chars.size() <= 4) {
                char c = src.charAt(i);
                if (c == '\\' && i + 1 < src.length() && src.charAt(i + 1) < 128
                        && !Character.isLetterOrDigit(src.charAt(i + 1))) {
                    c = src.charAt(++i);
                } else if (c == '\\' || c == '-' || c == '[' || c == '^' || Character.isSurrogate(c)) {
                    chars = null;
                    break;
                }
                chars.add(new Literal(String.valueOf(c), ignoreCase));
                i++;
            }
            if (chars != null && !chars.isEmpty() && chars.size() <= 4 && i < src.length() && src.charAt(i) == ']') {
                pos = i + 1;
                return new Frag(chars, null);
            }
            pos = start;
            skipClass();
            return Frag.ANY_CHAR;
        }

        private void skipClass() {
            pos++;
            if (src.startsWith("^", pos)) {
                pos++;
            }
            if (src.startsWith("]", pos)) {
                pos++;
            }
            while (pos < src.length() && src.charAt(pos) != ']') {
                if (src.startsWith("[:", pos)) {
                    int end = src.indexOf(":]", pos + 2);
                    pos = end < 0 ? pos + 1 : end + 2;
                } else if (src.charAt(pos) == '\\') {
                    pos += 2;
                } else {
                    pos++;
                }
            }
            if (pos >= src.length()) {
                throw new IllegalArgumentException("missing ]");
            }
            pos++;
        }

        private Frag escape() {
            if (pos + 1 >= src.length()) {
                throw new IllegalArgumentException("trailing backslash");
            }
            char e = src.charAt(pos + 1);
            pos += 2;
            switch (e) {
                case 'b', 'B', 'A', 'z':
                    return Frag.ANCHOR;
                case 'p', 'P':
                    if (src.startsWith("{", pos)) {
                        pos = src.indexOf('}', pos) + 1;
                        if (pos == 0) {
                            throw new IllegalArgumentException("unterminated \\p{");
                        }
                    } else {
                        pos++;
                    }
                    return Frag.ANY_CHAR;
                case 'Q': {
                    int end = src.indexOf("\\E", pos);
                    String quoted = src.substring(pos, end < 0 ? src.length() : end);
                    pos = end < 0 ? src.length() : end + 2;
                    return quotedLiteral(quoted);
                }
                case 'n':
                    return Frag.literal("\n", ignoreCase);
                case 't':
                    return Frag.literal("\t", ignoreCase);
                case 'r':
                    return Frag.literal("\r", ignoreCase);
                case 'f':
                    return Frag.literal("\f", ignoreCase);
                case 'v':
                    return Frag.literal("\u000B", ignoreCase);
                case 'a':
                    return Frag.literal("\u0007", ignoreCase);
                default:
                    if (e < 128 && !Character.isLetterOrDigit(e)) {
                        return Frag.literal(String.valueOf(e), ignoreCase); // escaped punctuation
                    }
                    if (e == 'x') {
                        skipHex();
                    }
                    while (Character.isDigit(e) && pos < src.length() && Character.isDigit(src.charAt(pos))) {
                        pos++; // the rest of an octal code
                    }
                    return Frag.ANY_CHAR; // \d \w \s, hex and octal codes: any character, never wrong
            }
        }

        private void skipHex() {
            if (src.startsWith("{", pos)) {
                pos = src.indexOf('}', pos) + 1;
                if (pos == 0) {
                    throw new IllegalArgumentException("unterminated \\x{");
                }
            } else {
                pos += 2;
            }
        }

        private Frag quotedLiteral(String quoted) {
            if (quoted.isEmpty()) {
                return Frag.EMPTY;
            }
            if (ignoreCase && quoted.chars().anyMatch(c -> Character.isSurrogate((char) c))) {
                return Frag.ANY_CHAR;
            }
            return Frag.literal(quoted, ignoreCase);
        }
    }

    /**
     * Folds the atoms of one concatenation: adjacent exact pieces multiply out into longer literal
     * strings (while the set stays small and of one case mode); every run and every piece's own
     * required set is a candidate, and the best candidate (longest shortest literal) wins.
     */
    private static final class Concat {
        private Set<Literal> run = Set.of(Literal.exact(""));
        private boolean allExact = true;
        private Set<Literal> best;

        void add(Frag f) {
            if (f.exact == null) {
                allExact = false;
                flush();
                consider(f.required);
                return;
            }
            Set<Literal> product = product(run, f.exact);
            if (product == null) {
                allExact = false;
                flush();
                run = f.exact;
            } else {
                run = product;
            }
        }

        Frag finish() {
            if (allExact) {
                return new Frag(run, null);
            }
            flush();
            return new Frag(null, best);
        }

        private void flush() {
            consider(run);
            run = Set.of(Literal.exact(""));
        }

        private void consider(Set<Literal> candidate) {
            if (candidate == null || candidate.isEmpty() || shortest(candidate) == 0) {
                return;
            }
            if (best == null || shortest(candidate) > shortest(best)
                    || (shortest(candidate) == shortest(best) && candidate.size() < best.size())) {
                best = candidate;
            }
        }

        private static int shortest(Set<Literal> set) {
            return set.stream().mapToInt(l -> l.text().length()).min().orElse(0);
        }

        private static Set<Literal> product(Set<Literal> left, Set<Literal> right) {
            if ((long) left.size() * right.size() > MAX_SET) {
                return null;
            }
            Set<Literal> out = new LinkedHashSet<>();
            for (Literal l : left) {
                for (Literal r : right) {
                    if (!l.joinsWith(r)) {
                        return null;
                    }
                    out.add(l.text().isEmpty() ? r : l.concat(r));
                }
            }
            return out;
        }
    }

    private static Set<Literal> small(Set<Literal> set) {
        return set == null || set.size() > MAX_SET ? null : set;
    }
}
