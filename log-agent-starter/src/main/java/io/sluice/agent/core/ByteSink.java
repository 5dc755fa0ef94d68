package io.sluice.agent.core;

import java.util.Arrays;

/**
 * A growable, reusable byte array with just the protobuf wire-format writes the agent needs
 * (varints, tags, length-delimited UTF-8). Strings are encoded from any {@link CharSequence}
 * straight into the array, unpaired surrogates as U+FFFD, so writing an event allocates
 * nothing once the array has grown to its working size. One owner thread.
 */
final class ByteSink {

    private byte[] bytes;
    private int size;

    ByteSink(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    int capacity() {
        return bytes.length;
    }

    /** The backing array; valid up to {@link #size()} until the next write. */
    byte[] array() {
        return bytes;
    }

    void reset() {
        size = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    void writeTo(ByteSink other) {
        other.writeRaw(bytes, 0, size);
    }

    void writeRaw(byte[] src, int offset, int length) {
        ensure(length);
        System.arraycopy(src, offset, bytes, size, length);
        size += length;
    }

    void writeVarint(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[size++] = (byte) value;
    }

    void writeTag(int field, int wireType) {
        writeVarint((long) field << 3 | wireType);
    }

    void writeInt64Field(int field, long value) {
        if (value != 0) {
            writeTag(field, 0);
            writeVarint(value);
        }
    }

    void writeStringField(int field, CharSequence value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        writeTag(field, 2);
        writeVarint(utf8Length(value));
        writeUtf8(value);
    }

    void writeBytesField(int field, ByteSink content) {
        writeTag(field, 2);
        writeVarint(content.size);
        content.writeTo(this);
    }

    /** Appends one ASCII byte. */
    void writeByte(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    /** Appends the decimal digits of {@code value} as ASCII. */
    void writeDecimal(long value) {
        if (value == Long.MIN_VALUE) {
            writeAscii("-9223372036854775808");
            return;
        }
        ensure(20);
        if (value < 0) {
            bytes[size++] = '-';
            value = -value;
        }
        int start = size;
        do {
            bytes[size++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        for (int i = start, j = size - 1; i < j; i++, j--) {
            byte t = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = t;
        }
    }

    private void writeAscii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
    }

    /**
     * Appends {@code value} as a quoted JSON string in UTF-8, in one pass: quotes, backslashes and
     * control characters escaped (as {@link JsonObjectWriter} does, U+2028/U+2029 and DEL too),
     * unpaired surrogates as U+FFFD.
     */
    void writeJsonString(CharSequence value) {
        int n = value.length();
        ensure(n * 6 + 2);
        byte[] b = bytes;
        int p = size;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                if (c == '"' || c == '\\') {
                    b[p++] = '\\';
                }
                b[p++] = (byte) c;
            } else if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                b[p++] = '\\';
                switch (c) {
                    case '\n' -> b[p++] = 'n';
                    case '\r' -> b[p++] = 'r';
                    case '\t' -> b[p++] = 't';
                    case '\b' -> b[p++] = 'b';
                    case '\f' -> b[p++] = 'f';
                    default -> {
                        b[p++] = 'u';
                        b[p++] = HEX[(c >> 12) & 0xF];
                        b[p++] = HEX[(c >> 8) & 0xF];
                        b[p++] = HEX[(c >> 4) & 0xF];
                        b[p++] = HEX[c & 0xF];
                    }
                }
            } else {
                int end = putNonAscii(b, p, value, i);
                if (end - p == 4) {
                    i++;
                }
                p = end;
            }
        }
        b[p++] = '"';
        size = p;
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static int utf8Length(CharSequence s) {
        int n = s.length();
        int length = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    private void writeUtf8(CharSequence s) {
        int n = s.length();
        ensure(n * 3);
        byte[] b = bytes;
        int p = size;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else {
                int end = putNonAscii(b, p, s, i);
                if (end - p == 4) {
                    i++;
                }
                p = end;
            }
        }
        size = p;
    }

    /**
     * Writes the non-ASCII character at {@code s[i]} as UTF-8 at {@code b[p]} and returns the end:
     * a surrogate pair (the only 4-byte case, which also used {@code s[i + 1]}) as one code point,
     * an unpaired surrogate as U+FFFD.
     */
    private static int putNonAscii(byte[] b, int p, CharSequence s, int i) {
        char c = s.charAt(i);
        if (c < 0x800) {
            b[p++] = (byte) (0xC0 | c >> 6);
            b[p++] = (byte) (0x80 | c & 0x3F);
        } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(i + 1));
            b[p++] = (byte) (0xF0 | cp >> 18);
            b[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
            b[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
            b[p++] = (byte) (0x80 | cp & 0x3F);
        } else if (Character.isSurrogate(c)) {
            b[p++] = (byte) 0xEF;
            b[p++] = (byte) 0xBF;
            b[p++] = (byte) 0xBD;
        } else {
            b[p++] = (byte) (0xE0 | c >> 12);
            b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
            b[p++] = (byte) (0x80 | c & 0x3F);
        }
        return p;
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }
}
