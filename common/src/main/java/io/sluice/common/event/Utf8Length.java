package io.sluice.common.event;

/**
 * The number of bytes a string takes in UTF-8, counted without encoding it: byte limits, {@code
 * bytes_over_time} and window byte counts are measured on every event, and encoding each message
 * only to take its length would allocate a copy per event. A lone surrogate counts as the one-byte
 * {@code '?'} Java's encoder writes for it, so the count always equals {@code
 * s.getBytes(UTF_8).length}.
 */
public final class Utf8Length {

    private Utf8Length() {
    }

    /** UTF-8 length of {@code s}. */
    public static int of(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
