package io.sluice.logstore.chunk;

import java.nio.charset.StandardCharsets;

/** Reads what {@link Bytes} wrote; any overrun is reported as a {@link ChunkCorruptException}. */
final class Reader {

    private final byte[] buf;
    private int pos;
    private final int end;

    Reader(byte[] buf, int offset, int end) {
        this.buf = buf;
        this.pos = offset;
        this.end = end;
    }

    int position() {
        return pos;
    }

    boolean atEnd() {
        return pos == end;
    }

    int get() {
        if (pos >= end) {
            throw new ChunkCorruptException("chunk body ends early");
        }
        return buf[pos++] & 0xFF;
    }

    long varLong() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = get();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new ChunkCorruptException("varint longer than 10 bytes");
    }

    int varInt(int max) {
        long v = varLong();
        if (v < 0 || v > max) {
            throw new ChunkCorruptException("length " + v + " out of range (max " + max + ")");
        }
        return (int) v;
    }

    long zigZag() {
        long v = varLong();
        return (v >>> 1) ^ -(v & 1);
    }

    String string(int length) {
        if (length > end - pos) {
            throw new ChunkCorruptException("string runs past the chunk body");
        }
        String s = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return s;
    }

    String string() {
        return string(varInt(end - pos));
    }

    byte[] bytes(int length) {
        if (length > end - pos) {
            throw new ChunkCorruptException("field runs past the chunk body");
        }
        byte[] out = new byte[length];
        System.arraycopy(buf, pos, out, 0, length);
        pos += length;
        return out;
    }
}
