package io.sluice.patterns;

/** One template as the miner keeps it: mutable, confined to the miner's thread. */
final class Cluster {

  static final String WILDCARD = "<*>";

  final long id;
  /** Template tokens; {@code null} marks a variable position. */
  final String[] tokens;
  int constants;
  String text;
  long count;
  long firstSeen;
  long lastSeen;
  /** The template this one was merged into, or {@code null} while it is live. */
  Cluster mergedInto;
  /** Creation order within its miner: the older template wins a tie. */
  int seq;
  /** Where {@link LengthBucket} filed it: anchor position and token, or -1 for its tolerant list. */
  int anchor = -1;
  String anchorToken;

  Cluster(long id, String[] tokens, long timestamp) {
    this.id = id;
    this.tokens = tokens;
    this.firstSeen = timestamp;
    this.lastSeen = timestamp;
    refresh();
  }

  /** Turns every constant position where {@code line} differs into a variable; returns whether any did. */
  boolean generalize(String[] line) {
    boolean changed = false;
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] != null && (line[i] == null || !tokens[i].equals(line[i]))) {
        tokens[i] = null;
        changed = true;
      }
    }
    if (changed) {
      refresh();
    }
    return changed;
  }

  /** Follows merges to the live template this one now belongs to. */
  Cluster live() {
    Cluster c = this;
    while (c.mergedInto != null) {
      c = c.mergedInto;
    }
    return c;
  }

  /** Takes over {@code other}'s lines and generalises over its tokens; {@code other} becomes an alias. */
  void absorb(Cluster other) {
    generalize(other.tokens);
    count += other.count;
    firstSeen = Math.min(firstSeen, other.firstSeen);
    lastSeen = Math.max(lastSeen, other.lastSeen);
    other.mergedInto = this;
  }

  /** Makes position {@code p} a variable. */
  void wildcard(int p) {
    if (tokens[p] != null) {
      tokens[p] = null;
      refresh();
    }
  }

  void seen(long timestamp) {
    count++;
    if (timestamp > lastSeen) {
      lastSeen = timestamp;
    }
    if (timestamp < firstSeen) {
      firstSeen = timestamp;
    }
  }

  Template snapshot() {
    return new Template(id, text, count, firstSeen, lastSeen);
  }

  /** Template text of {@code tokens}: single spaces between tokens, {@code <*>} for each variable. */
  static String render(String[] tokens) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < tokens.length; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(tokens[i] == null ? WILDCARD : tokens[i]);
    }
    return sb.toString();
  }

  private void refresh() {
    int c = 0;
    for (String t : tokens) {
      if (t != null) {
        c++;
      }
    }
    constants = c;
    text = render(tokens);
  }
}
