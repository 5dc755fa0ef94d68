package io.sluice.patterns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The templates of one token count, indexed so the search on a miss does not scan them all. A template
 * that a line can only join by repeating every one of its constants ("strict": fewer than
 * {@code 1 / (1 - threshold)} constants) is filed under its first constant (position, token): a line can
 * only reach the threshold with it if it has that token there. The others ("tolerant": long templates
 * that accept a differing word, or templates without constants) are always candidates. The result is the
 * one a scan of every template would give: best score, ties to the oldest (so the anchors' hash order does
 * not matter). Not thread-safe.
 */
final class LengthBucket {

  private final double threshold;
  /** Every live template of this length, oldest first. */
  private final List<Cluster> all = new ArrayList<>();
  private final List<Cluster> tolerant = new ArrayList<>();
  /** Strict templates by anchor position, then anchor token. */
  private final Map<Integer, Map<String, List<Cluster>>> strict = new HashMap<>();

  LengthBucket(double threshold) {
    this.threshold = threshold;
  }

  List<Cluster> all() {
    return all;
  }

  void add(Cluster c) {
    all.add(c);
    file(c);
  }

  void remove(Cluster c) {
    all.remove(c);
    unfile(c);
  }

  /** Files {@code c} again after its constants changed. */
  void reindex(Cluster c) {
    unfile(c);
    file(c);
  }

  /**
   * The best template for {@code line} if it reaches the threshold, else {@code null}; with
   * {@code anyScore} (the miner is full), the best of the indexed candidates whatever its score, or
   * {@code null} when there is none.
   */
  Cluster best(String[] line, boolean anyScore) {
    Cluster best = best(tolerant, line, null, -1);
    double bestScore = best == null ? -1 : score(best, line);
    for (Map.Entry<Integer, Map<String, List<Cluster>>> anchor : strict.entrySet()) {
      String token = line[anchor.getKey()];
      List<Cluster> candidates = token == null ? null : anchor.getValue().get(token);
      if (candidates != null) {
        Cluster c = best(candidates, line, best, bestScore);
        if (c != best) {
          best = c;
          bestScore = score(c, line);
        }
      }
    }
    return best != null && (anyScore || bestScore >= threshold) ? best : null;
  }

  private static Cluster best(List<Cluster> candidates, String[] line, Cluster best, double bestScore) {
    for (Cluster c : candidates) {
      double s = score(c, line);
      if (s > bestScore || (s == bestScore && best != null && c.seq < best.seq)) {
        best = c;
        bestScore = s;
      }
    }
    return best;
  }

  private static double score(Cluster c, String[] line) {
    return Similarity.score(c.tokens, c.constants, line);
  }

  private boolean isStrict(Cluster c) {
    return c.constants > 0 && (double) (c.constants - 1) / c.constants < threshold;
  }

  private void file(Cluster c) {
    if (!isStrict(c)) {
      c.anchor = -1;
      tolerant.add(c);
      return;
    }
    int p = 0;
    while (c.tokens[p] == null) {
      p++;
    }
    c.anchor = p;
    c.anchorToken = c.tokens[p];
    strict.computeIfAbsent(p, k -> new HashMap<>()).computeIfAbsent(c.tokens[p], k -> new ArrayList<>()).add(c);
  }

  private void unfile(Cluster c) {
    if (c.anchor < 0) {
      tolerant.remove(c);
      return;
    }
    Map<String, List<Cluster>> byToken = strict.get(c.anchor);
    String token = c.anchorToken;
    List<Cluster> list = byToken.get(token);
    list.remove(c);
    if (list.isEmpty()) {
      byToken.remove(token);
      if (byToken.isEmpty()) {
        strict.remove(c.anchor);
      }
    }
  }
}
