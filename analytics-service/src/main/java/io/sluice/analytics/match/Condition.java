package io.sluice.analytics.match;

import com.google.re2j.Pattern;

/**
 * One compiled line filter of a rule, answered from the keyword hits of the line where possible.
 * {@code LITERALS}: one of the literals occurs ({@code |=}, or a regex that is only an alternation
 * of literals). {@code REGEX}: the regex finds a match, run only when one of its required literals
 * occurred (or always, without a prefilter). {@code negate} turns either into its {@code !=} /
 * {@code !~} form. Immutable.
 */
record Condition(Kind kind, int[] literals, Pattern regex, boolean negate) {

    enum Kind { LITERALS, REGEX }

    static Condition literals(int[] ids, boolean negate) {
        return new Condition(Kind.LITERALS, ids, null, negate);
    }

    static Condition regex(Pattern regex, int[] prefilter, boolean negate) {
        return new Condition(Kind.REGEX, prefilter, regex, negate);
    }

    /** Whether the line passes this filter, given the literal hits of that line. */
    boolean holds(String line, Marks hits) {
        boolean found = anyHit(hits) && (kind == Kind.LITERALS || regex.matcher(line).find());
        return found != negate;
    }

    /** Literal ids that must occur for this filter to pass, or null when it can pass without any. */
    int[] trigger() {
        return negate ? null : literals;
    }

    private boolean anyHit(Marks hits) {
        if (literals == null) {
            return true;
        }
        for (int id : literals) {
            if (hits.contains(id)) {
                return true;
            }
        }
        return false;
    }
}
