package io.sluice.logstore.chunk;

import java.nio.charset.StandardCharsets;

/**
 * The substring filter of a chunk: a Bloom filter over every distinct byte trigram of the chunk's
 * messages (UTF-8). A line containing the needle {@code s} contains every trigram of {@code s}, so
 * a chunk whose filter lacks any one of the needle's trigrams certainly holds no match for
 * {@code |= "s"} (case-sensitive substring) and is skipped; needles shorter than three bytes never
 * prune. Whole-word token filters were rejected: they cannot prune a needle such as
 * {@code "are-tok"} that starts or ends inside a word.
 *
 * <p>Size: {@value #BITS_PER_TRIGRAM} bits per distinct trigram, {@value #HASHES} hash functions
 * (about 10% false positives per trigram; a needle of n bytes tests n-2 trigrams, so a long rare
 * needle is almost never a false positive). Distinct trigrams grow far slower than the number of
 * lines, which is what keeps the filter small for big chunks. Deduplication uses a 2 MiB bitmap
 * of the whole 24-bit trigram space per thread, so building costs one bit test per message byte.
 */
public final class TrigramBloom {

    /** Filter bits per distinct trigram. */
    public static final int BITS_PER_TRIGRAM = 5;
    /** Bit positions set per trigram. */
    public static final int HASHES = 2;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private TrigramBloom() {
    }

    /** The filter of {@code messages} (each the UTF-8 bytes of one line). */
    public static byte[] build(Iterable<byte[]> messages) {
        Scratch s = SCRATCH.get();
        int distinct = 0;
        try {
            for (byte[] m : messages) {
                for (int i = 0; i + 2 < m.length; i++) {
                    int t = ((m[i] & 0xFF) << 16) | ((m[i + 1] & 0xFF) << 8) | (m[i + 2] & 0xFF);
                    long bit = 1L << t;
                    if ((s.seen[t >>> 6] & bit) == 0) {
                        s.seen[t >>> 6] |= bit;
                        if (distinct == s.list.length) {
                            s.list = java.util.Arrays.copyOf(s.list, s.list.length * 2);
                        }
                        s.list[distinct++] = t;
                    }
                }
            }
            int bits = (int) Math.min(Integer.MAX_VALUE - 64L, ((long) distinct * BITS_PER_TRIGRAM + 63) / 64 * 64);
            byte[] bloom = new byte[bits / 8];
            for (int i = 0; i < distinct; i++) {
                long h = mix(s.list[i]);
                set(bloom, (int) Long.remainderUnsigned(h, bits));
                set(bloom, (int) Long.remainderUnsigned(h >>> 29 | h << 35, bits));
            }
            return bloom;
        } finally {
            for (int i = 0; i < distinct; i++) {
                int t = s.list[i];
                s.seen[t >>> 6] &= ~(1L << t);
            }
        }
    }

    /** Whether a chunk with filter {@code bloom} may hold a line containing {@code needle}. */
    public static boolean mayContain(byte[] bloom, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        if (n.length < 3) {
            return true;
        }
        int bits = bloom.length * 8;
        if (bits == 0) {
            return false;
        }
        for (int i = 0; i + 2 < n.length; i++) {
            int t = ((n[i] & 0xFF) << 16) | ((n[i + 1] & 0xFF) << 8) | (n[i + 2] & 0xFF);
            long h = mix(t);
            if (!isSet(bloom, (int) Long.remainderUnsigned(h, bits))
                    || !isSet(bloom, (int) Long.remainderUnsigned(h >>> 29 | h << 35, bits))) {
                return false;
            }
        }
        return true;
    }

    private static long mix(int t) {
        long z = (t + 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static void set(byte[] bloom, int bit) {
        bloom[bit >>> 3] |= (byte) (1 << (bit & 7));
    }

    private static boolean isSet(byte[] bloom, int bit) {
        return (bloom[bit >>> 3] & (1 << (bit & 7))) != 0;
    }

    private static final class Scratch {
        final long[] seen = new long[1 << 18];
        int[] list = new int[1 << 14];
    }
}
