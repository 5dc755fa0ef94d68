package io.sluice.analytics.match;

import java.util.Arrays;

/**
 * A set of small ints that empties in O(1): membership is a stamp equal to the current epoch, so
 * one instance serves every event of a batch without clearing arrays. Also remembers the order in
 * which members were added. Not thread-safe: one per matching thread.
 */
final class Marks {

    private int[] stamp = new int[0];
    private int[] members = new int[0];
    private int epoch;
    private int count;

    /** Empties the set and makes room for members {@code 0 .. capacity-1}. */
    void reset(int capacity) {
        if (stamp.length < capacity) {
            stamp = new int[capacity];
            members = new int[capacity];
            epoch = 0;
        }
        if (++epoch == Integer.MAX_VALUE) {
            Arrays.fill(stamp, 0);
            epoch = 1;
        }
        count = 0;
    }

    boolean contains(int i) {
        return stamp[i] == epoch;
    }

    /** Adds {@code i}; false when it was already there. */
    boolean add(int i) {
        if (stamp[i] == epoch) {
            return false;
        }
        stamp[i] = epoch;
        members[count++] = i;
        return true;
    }

    int size() {
        return count;
    }

    /** The {@code n}-th member added since the last reset. */
    int get(int n) {
        return members[n];
    }
}
