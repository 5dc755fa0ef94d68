package io.sluice.logstore.chunk;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Dictionaries in order of first appearance, as the chunk columns store them, without boxing:
 * {@link Strings} (levels: a handful per chunk, so a linear scan that compares references first,
 * with a hash map past {@value #LINEAR} entries) and {@link Longs} (template ids: an open-addressing
 * table). Each keeps a count per entry. Package-private: the codec's per-event work.
 */
final class FirstSeen {

    private static final int LINEAR = 8;

    private FirstSeen() {
    }

    /** Strings in order of first appearance. */
    static final class Strings {
        private String[] values = new String[LINEAR];
        private long[] counts = new long[LINEAR];
        private int size;
        private Map<String, Integer> index;

        /** The index of {@code value}, added when new; counts one occurrence. */
        int add(String value) {
            int i = find(value);
            if (i < 0) {
                i = size;
                if (size == values.length) {
                    values = Arrays.copyOf(values, size * 2);
                    counts = Arrays.copyOf(counts, size * 2);
                }
                values[size++] = value;
                if (index != null) {
                    index.put(value, i);
                } else if (size > LINEAR) {
                    index = new HashMap<>();
                    for (int j = 0; j < size; j++) {
                        index.put(values[j], j);
                    }
                }
            }
            counts[i]++;
            return i;
        }

        private int find(String value) {
            if (index != null) {
                Integer i = index.get(value);
                return i == null ? -1 : i;
            }
            for (int i = 0; i < size; i++) {
                if (values[i] == value) {
                    return i;
                }
            }
            for (int i = 0; i < size; i++) {
                if (values[i].equals(value)) {
                    return i;
                }
            }
            return -1;
        }

        int size() {
            return size;
        }

        String value(int i) {
            return values[i];
        }

        long count(int i) {
            return counts[i];
        }
    }

    /** Longs in order of first appearance. */
    static final class Longs {
        private long[] values = new long[16];
        private int size;
        private long[] keys = new long[64];
        private int[] slots = new int[64];

        /** The index of {@code value}, added when new. */
        int add(long value) {
            int mask = keys.length - 1;
            int h = (int) (mix(value) & mask);
            while (slots[h] != 0) {
                if (keys[h] == value) {
                    return slots[h] - 1;
                }
                h = (h + 1) & mask;
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size] = value;
            keys[h] = value;
            slots[h] = ++size;
            if (size * 2 > keys.length) {
                grow();
            }
            return size - 1;
        }

        private void grow() {
            keys = new long[keys.length * 2];
            slots = new int[slots.length * 2];
            int mask = keys.length - 1;
            for (int i = 0; i < size; i++) {
                int h = (int) (mix(values[i]) & mask);
                while (slots[h] != 0) {
                    h = (h + 1) & mask;
                }
                keys[h] = values[i];
                slots[h] = i + 1;
            }
        }

        private static long mix(long v) {
            long z = v * 0x9E3779B97F4A7C15L;
            return z ^ (z >>> 32);
        }

        int size() {
            return size;
        }

        long value(int i) {
            return values[i];
        }
    }
}
