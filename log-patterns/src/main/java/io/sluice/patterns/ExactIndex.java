package io.sluice.patterns;

/**
 * Remembers which template each distinct masked line went to, so a line seen before (after masking) finds
 * its template with one hash probe and a character comparison, no similarity search and no allocation.
 * Open addressing on the line's 64-bit masked hash, starting small and doubling; bounded: when
 * {@code capacity} entries are held the table is emptied (the templates stay; lines simply take the search
 * path once more). Not thread-safe.
 */
final class ExactIndex {

  private static final int INITIAL_SLOTS = 64;

  private final int capacity;
  private long[] hashes;
  private String[][] keys;
  private Cluster[] values;
  private int size;

  ExactIndex(int capacity) {
    this.capacity = capacity;
    allocate(INITIAL_SLOTS);
  }

  /** The template {@code line} went to before, or {@code null}. */
  Cluster get(LineTokens line) {
    int mask = keys.length - 1;
    int slot = spread(line.hash) & mask;
    while (keys[slot] != null) {
      if (hashes[slot] == line.hash && sameLine(keys[slot], line)) {
        return values[slot];
      }
      slot = (slot + 1) & mask;
    }
    return null;
  }

  void put(LineTokens line, String[] masked, Cluster cluster) {
    if (size >= capacity) {
      allocate(INITIAL_SLOTS);
    } else if (2 * (size + 1) > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int slot = spread(line.hash) & mask;
    while (keys[slot] != null) {
      if (hashes[slot] == line.hash && sameLine(keys[slot], line)) {
        values[slot] = cluster;
        return;
      }
      slot = (slot + 1) & mask;
    }
    hashes[slot] = line.hash;
    keys[slot] = masked;
    values[slot] = cluster;
    size++;
  }

  int size() {
    return size;
  }

  private static int spread(long hash) {
    return (int) (hash ^ (hash >>> 32));
  }

  private static boolean sameLine(String[] key, LineTokens line) {
    if (key.length != line.count) {
      return false;
    }
    for (int i = 0; i < key.length; i++) {
      if (key[i] == null ? !line.variable[i] : line.variable[i] || !line.shapeEquals(i, key[i])) {
        return false;
      }
    }
    return true;
  }

  private void grow() {
    long[] oldHashes = hashes;
    String[][] oldKeys = keys;
    Cluster[] oldValues = values;
    allocate(keys.length * 2);
    int mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        int slot = spread(oldHashes[i]) & mask;
        while (keys[slot] != null) {
          slot = (slot + 1) & mask;
        }
        hashes[slot] = oldHashes[i];
        keys[slot] = oldKeys[i];
        values[slot] = oldValues[i];
        size++;
      }
    }
  }

  private void allocate(int slots) {
    hashes = new long[slots];
    keys = new String[slots][];
    values = new Cluster[slots];
    size = 0;
  }
}
