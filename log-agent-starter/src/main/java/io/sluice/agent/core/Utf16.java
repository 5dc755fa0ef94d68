package io.sluice.agent.core;

/**
 * Makes text well-formed UTF-16 before it goes on the wire: an unpaired surrogate (possible in a
 * Java string, impossible in UTF-8) becomes U+FFFD, as ingest refuses invalid UTF-8.
 */
public final class Utf16 {

    private static final char REPLACEMENT = '\uFFFD';

    private Utf16() {
    }

    /** {@code text} with every unpaired surrogate replaced by U+FFFD; the same instance when it has none. */
    public static String wellFormed(String text) {
        int bad = firstUnpaired(text, 0);
        if (bad < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (bad >= 0) {
            out.append(text, from, bad).append(REPLACEMENT);
            from = bad + 1;
            bad = firstUnpaired(text, from);
        }
        return out.append(text, from, text.length()).toString();
    }

    /** Index of the first unpaired surrogate at or after {@code from}, or -1. */
    static int firstUnpaired(CharSequence text, int from) {
        int n = text.length();
        for (int i = from; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
