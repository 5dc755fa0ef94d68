package io.sluice.analytics.match;

import io.sluice.common.query.Re2Patterns;
import com.google.re2j.Pattern;

/**
 * The case folding of the keyword automaton. Every character maps to one representative of its
 * case class, length-preserving, so a position in the folded line is the same position in the
 * original. The folding is coarser than RE2's simple case folding (every RE2 case orbit, such as
 * k/K/Kelvin sign or s/S/long s, lands on one representative; a few characters such as dotted
 * capital I land with a class RE2 keeps apart), so folding never loses a match; a candidate is then
 * confirmed exactly by {@link #regionMatches}. Pure and thread-safe.
 */
final class CaseFold {

    private CaseFold() {
    }

    static char fold(char c) {
        if (c < 128) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    /** {@code s} folded, or {@code s} itself when folding changes nothing. */
    static String fold(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && fold(s.charAt(i)) == s.charAt(i)) {
            i++;
        }
        if (i == n) {
            return s;
        }
        char[] out = s.toCharArray();
        for (; i < n; i++) {
            out[i] = fold(out[i]);
        }
        return new String(out);
    }

    /**
     * Whether {@code literal} occurs in {@code line} at {@code start} with the literal's own
     * semantics: exactly, or as RE2's {@code (?i)} would find it ({@code ciPattern} is the literal
     * quoted under {@code (?i)}, used only when a non-ASCII character is involved).
     */
    static boolean regionMatches(String line, int start, Literal literal, Pattern ciPattern) {
        String k = literal.text();
        if (!literal.ignoreCase()) {
            return line.startsWith(k, start);
        }
        int n = k.length();
        if (start + n > line.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char a = line.charAt(start + i);
            char b = k.charAt(i);
            if ((a | b) >= 128) {
                return ciPattern.matcher(line.subSequence(start, start + n)).matches();
            }
            if (fold(a) != fold(b)) {
                return false;
            }
        }
        return true;
    }

    /** The RE2 pattern that matches exactly the strings equal to {@code text} ignoring case. */
    static Pattern ignoreCasePattern(String text) {
        return Re2Patterns.compile("(?i)" + Pattern.quote(text));
    }
}
