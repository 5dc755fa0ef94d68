package io.sluice.alert.channel;

import java.nio.charset.StandardCharsets;

/** Cutting messages to a channel's size limit, visibly (a trailing "…"). Pure. */
final class Texts {

    private static final String MORE = "\n…";

    private Texts() {
    }

    /** {@code s} cut to at most {@code max} chars. */
    static String cutChars(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max - MORE.length();
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + MORE;
    }

    /** {@code s} cut to at most {@code max} UTF-8 bytes, never inside a character. */
    static String cutUtf8(String s, int max) {
        if (s.getBytes(StandardCharsets.UTF_8).length <= max) {
            return s;
        }
        int budget = max - MORE.getBytes(StandardCharsets.UTF_8).length;
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > budget) {
                break;
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        return s.substring(0, i) + MORE;
    }
}
