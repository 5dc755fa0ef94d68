package io.sluice.common.query;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * The one place user-written regular expressions are compiled (RE2/J, linear-time matching). It
 * refuses the patterns RE2/J 1.8 cannot compile: under case folding, a pattern that mentions one of
 * U+1C80–U+1C88 (Cyrillic Extended-C) — as a character, an escape or inside a class range — makes
 * RE2/J's fold-orbit walk loop forever on Java 17 (google/re2j#168), so one query or rule could pin
 * a thread for good. Such a pattern gets a clear syntax error instead. The check over-approximates
 * (any {@code (?…i…)} group counts as folding); everything else is passed to RE2/J unchanged.
 */
public final class Re2Patterns {

    /** First and last code point whose fold orbit RE2/J 1.8 cannot close on this JDK. */
    static final int UNFOLDABLE_FIRST = 0x1C80;
    static final int UNFOLDABLE_LAST = 0x1C88;

    private Re2Patterns() {
    }

    /** {@code regex} compiled with no flags; see {@link #compile(String, int)}. */
    public static Pattern compile(String regex) {
        return compile(regex, 0);
    }

    /**
     * {@code regex} compiled with RE2/J {@code flags}.
     *
     * @throws PatternSyntaxException when the pattern is invalid, or would not terminate compiling
     */
    public static Pattern compile(String regex, int flags) {
        if (mayFoldCase(regex, flags) && mentionsUnfoldable(regex)) {
            throw new PatternSyntaxException("case-insensitive matching of U+1C80–U+1C88 (Cyrillic Extended-C) is not supported"
                    + " by the regular expression engine", regex);
        }
        return Pattern.compile(regex, flags);
    }

    static boolean mayFoldCase(String regex, int flags) {
        if ((flags & Pattern.CASE_INSENSITIVE) != 0) {
            return true;
        }
        for (int i = regex.indexOf("(?"); i >= 0; i = regex.indexOf("(?", i + 2)) {
            for (int j = i + 2; j < regex.length(); j++) {
                char c = regex.charAt(j);
                if (c == 'i') {
                    return true;
                }
                if (!Character.isLetter(c) && c != '-') {
                    break;
                }
            }
        }
        return false;
    }

    /** Whether any character, escape or class range of {@code regex} could denote an unfoldable rune. */
    static boolean mentionsUnfoldable(String regex) {
        boolean inClass = false;
        int previousAtom = -1;
        int i = 0;
        while (i < regex.length()) {
            int cp = regex.codePointAt(i);
            int atom;
            int next;
            if (cp == '\\' && i + 1 < regex.length()) {
                char e = regex.charAt(i + 1);
                if (e == 'x' && i + 2 < regex.length() && regex.charAt(i + 2) == '{') {
                    int close = regex.indexOf('}', i + 3);
                    if (close < 0) {
                        return false; // RE2/J reports the syntax error itself
                    }
                    atom = hex(regex.substring(i + 3, close));
                    next = close + 1;
                } else if (e == 'x' && i + 3 < regex.length()) {
                    atom = hex(regex.substring(i + 2, i + 4));
                    next = i + 4;
                } else if (Character.isLetterOrDigit(e)) {
                    atom = -1; // a class such as \d \w \pL, or a control escape: none reaches U+1C80
                    next = i + 2;
                } else {
                    atom = e;
                    next = i + 2;
                }
            } else if (inClass && cp == '[' && regex.startsWith("[:", i)) {
                int close = regex.indexOf(":]", i + 2);
                atom = -1;
                next = close < 0 ? i + 1 : close + 2;
            } else if (!inClass && cp == '[') {
                inClass = true;
                previousAtom = -1;
                i++;
                if (i < regex.length() && regex.charAt(i) == '^') {
                    i++;
                }
                if (i < regex.length() && regex.charAt(i) == ']') {
                    previousAtom = ']';
                    i++;
                }
                continue;
            } else if (inClass && cp == ']') {
                inClass = false;
                previousAtom = -1;
                i++;
                continue;
            } else if (inClass && cp == '-' && previousAtom >= 0 && i + 1 < regex.length() && regex.charAt(i + 1) != ']') {
                int hiStart = i + 1;
                int hi;
                int hiEnd;
                if (regex.charAt(hiStart) == '\\' && hiStart + 1 < regex.length()) {
                    String rest = regex.substring(hiStart);
                    if (rest.startsWith("\\x{") && rest.indexOf('}') > 0) {
                        hi = hex(rest.substring(3, rest.indexOf('}')));
                        hiEnd = hiStart + rest.indexOf('}') + 1;
                    } else if (rest.startsWith("\\x") && rest.length() >= 4) {
                        hi = hex(rest.substring(2, 4));
                        hiEnd = hiStart + 4;
                    } else {
                        hi = rest.charAt(1);
                        hiEnd = hiStart + 2;
                    }
                } else {
                    hi = regex.codePointAt(hiStart);
                    hiEnd = hiStart + Character.charCount(hi);
                }
                if (previousAtom <= UNFOLDABLE_LAST && hi >= UNFOLDABLE_FIRST) {
                    return true;
                }
                previousAtom = -1;
                i = hiEnd;
                continue;
            } else {
                atom = cp;
                next = i + Character.charCount(cp);
            }
            if (atom >= UNFOLDABLE_FIRST && atom <= UNFOLDABLE_LAST) {
                return true;
            }
            previousAtom = inClass ? atom : -1;
            i = next;
        }
        return false;
    }

    private static int hex(String digits) {
        try {
            return Integer.parseInt(digits.strip(), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
