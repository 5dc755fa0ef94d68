package io.sluice.logstore.write;

import java.util.Map;
import java.util.List;

/** How the index row encodes a chunk's level counts and template ids (shared by the writer and the scan). */
public final class ChunkRows {

    private ChunkRows() {
    }

    /** Level name standing for levels folded away to keep the index row short; matches any level matcher. */
    public static final String OTHER_LEVELS = "*";

    private static final int MAX_LEVELS_TEXT = 1000;

    /**
     * {@code "LEVEL:count"} pairs joined by {@code ','}, most frequent first; {@code ','} and
     * {@code ':'} in level names become {@code '_'}. Levels that would make the text longer than
     * the column are summed under {@link #OTHER_LEVELS}, so free-form levels never fail a write.
     */
    public static String encodeLevels(Map<String, Long> counts) {
        StringBuilder out = new StringBuilder();
        long folded = 0;
        List<Map.Entry<String, Long>> byCount = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList();
        for (Map.Entry<String, Long> e : byCount) {
            String pair = e.getKey().replace(',', '_').replace(':', '_').replace("*", "_") + ":" + e.getValue();
            if (out.length() + pair.length() + 40 > MAX_LEVELS_TEXT) {
                folded += e.getValue();
                continue;
            }
            out.append(out.isEmpty() ? "" : ",").append(pair);
        }
        if (folded > 0) {
            out.append(out.isEmpty() ? "" : ",").append(OTHER_LEVELS).append(':').append(folded);
        }
        return out.toString();
    }

    /** The counts {@link #encodeLevels} wrote. */
    public static Map<String, Long> decodeLevels(String text) {
        Map<String, Long> out = new java.util.TreeMap<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String pair : text.split(",")) {
            int colon = pair.lastIndexOf(':');
            out.merge(pair.substring(0, colon), Long.parseLong(pair.substring(colon + 1)), Long::sum);
        }
        return out;
    }

    /** Ascending template ids as 8-byte big-endian values. */
    public static byte[] encodeTemplates(long[] ids) {
        byte[] out = new byte[ids.length * 8];
        for (int i = 0; i < ids.length; i++) {
            for (int b = 0; b < 8; b++) {
                out[i * 8 + b] = (byte) (ids[i] >>> (56 - 8 * b));
            }
        }
        return out;
    }

    /** The ids {@link #encodeTemplates} wrote. */
    public static long[] decodeTemplates(byte[] bytes) {
        long[] out = new long[bytes == null ? 0 : bytes.length / 8];
        for (int i = 0; i < out.length; i++) {
            long v = 0;
            for (int b = 0; b < 8; b++) {
                v = v << 8 | (bytes[i * 8 + b] & 0xFF);
            }
            out[i] = v;
        }
        return out;
    }
}
