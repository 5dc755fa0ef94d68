package io.sluice.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LengthBucketTest {

  private static final String[] WORDS = {"a", "b", "c", "d", "e"};

  /** What a scan of every template gives: best score, ties to the oldest, only at or above the threshold. */
  private static Cluster linear(List<Cluster> all, String[] line, double threshold) {
    Cluster best = null;
    double bestScore = -1;
    for (Cluster c : all) {
      double s = Similarity.score(c.tokens, c.constants, line);
      if (s > bestScore) {
        best = c;
        bestScore = s;
      }
    }
    return bestScore >= threshold ? best : null;
  }

  private static String[] random(Random r, int length, double variables) {
    String[] t = new String[length];
    for (int i = 0; i < length; i++) {
      t[i] = r.nextDouble() < variables ? null : WORDS[r.nextInt(WORDS.length)];
    }
    return t;
  }

  @Test
  void findsWhatAFullScanFindsForShortAndLongTemplates() {
    Random r = new Random(42);
    for (int length : new int[] {1, 3, 6, 25}) {
      for (double threshold : new double[] {0.5, 0.95, 1.0}) {
        LengthBucket bucket = new LengthBucket(threshold);
        List<Cluster> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          Cluster c = new Cluster(i, random(r, length, 0.3), 0);
          c.seq = i;
          all.add(c);
          bucket.add(c);
        }
        for (int i = 0; i < 500; i++) {
          String[] line = random(r, length, 0.2);
          assertThat(bucket.best(line, false)).as("length %d threshold %s", length, threshold)
              .isSameAs(linear(all, line, threshold));
        }
      }
    }
  }

  @Test
  void reindexFollowsATemplateWhoseAnchorBecameAVariable() {
    LengthBucket bucket = new LengthBucket(0.95);
    Cluster c = new Cluster(1, new String[] {"start", "job", null}, 0);
    bucket.add(c);
    assertThat(bucket.best(new String[] {"stop", "job", null}, false)).isNull();

    c.generalize(new String[] {"stop", "job", null});
    bucket.reindex(c);

    assertThat(bucket.best(new String[] {"stop", "job", null}, false)).isSameAs(c);
    assertThat(bucket.best(new String[] {"halt", "job", "x"}, false)).isSameAs(c);
  }

  @Test
  void removedTemplatesAreNotFoundAndAFullMinerTakesTheBestCandidateAtAnyScore() {
    LengthBucket bucket = new LengthBucket(0.95);
    Cluster a = new Cluster(1, new String[] {"x", "y"}, 0);
    Cluster b = new Cluster(2, new String[] {"p", "q"}, 0);
    b.seq = 1;
    bucket.add(a);
    bucket.add(b);
    bucket.remove(a);
    assertThat(bucket.best(new String[] {"x", "y"}, false)).isNull();
    assertThat(bucket.best(new String[] {"p", "z"}, false)).isNull();
    assertThat(bucket.best(new String[] {"p", "z"}, true)).isSameAs(b);
    assertThat(bucket.best(new String[] {"x", "q"}, true)).isNull();
  }
}
