package io.sluice.ingest.tcp;

/**
 * Replaces unpaired UTF-16 surrogates (which JSON escapes such as {@code "\ud800"} can produce)
 * with U+FFFD, so every stored string is valid Unicode and encodes to UTF-8 without loss or
 * warnings.
 */
final class WellFormed {

    private WellFormed() {
    }

    static String text(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c) && !paired(s, i)) {
                return replace(s);
            }
            if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
        return s;
    }

    private static boolean paired(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }

    private static String replace(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (paired(s, i)) {
                out.append(c).append(s.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }
}
