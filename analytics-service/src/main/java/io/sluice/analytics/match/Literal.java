package io.sluice.analytics.match;

/**
 * A substring a rule looks for in a log line.
 *
 * @param text the substring, never empty once it reaches the keyword index
 * @param ignoreCase whether it matches as RE2's {@code (?i)} does (simple Unicode case folding)
 *     rather than exactly, as LogQL's {@code |=} does
 */
record Literal(String text, boolean ignoreCase) {

    static Literal exact(String text) {
        return new Literal(text, false);
    }

    /** This literal followed by {@code next}; only for two literals of the same case mode (or an empty one). */
    Literal concat(Literal next) {
        if (text.isEmpty()) {
            return next;
        }
        return new Literal(text + next.text, ignoreCase);
    }

    /** Whether {@link #concat} keeps the meaning of both parts. */
    boolean joinsWith(Literal next) {
        return text.isEmpty() || next.text.isEmpty() || ignoreCase == next.ignoreCase;
    }
}
