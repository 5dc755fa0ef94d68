package io.sluice.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExactIndexTest {

  private static Cluster cluster(LineTokens line) {
    return new Cluster(1, line.masked(), 0);
  }

  @Test
  void findsALineByItsMaskedFormAndGrowsPastItsFirstSize() {
    ExactIndex index = new ExactIndex(1_000);
    Cluster[] stored = new Cluster[300];
    for (int i = 0; i < 300; i++) {
      LineTokens line = new LineTokens().scan("event kind" + word(i) + " took 12 ms");
      stored[i] = cluster(line);
      index.put(line, line.masked(), stored[i]);
    }
    assertThat(index.size()).isEqualTo(300);
    for (int i = 0; i < 300; i++) {
      assertThat(index.get(new LineTokens().scan("event kind" + word(i) + " took 999 ms"))).isSameAs(stored[i]);
    }
    assertThat(index.get(new LineTokens().scan("event kindzzzz took 1 ms"))).isNull();
  }

  @Test
  void emptiesItselfWhenFull() {
    ExactIndex index = new ExactIndex(16);
    for (int i = 0; i < 16; i++) {
      LineTokens line = new LineTokens().scan("x" + word(i));
      index.put(line, line.masked(), cluster(line));
    }
    assertThat(index.size()).isEqualTo(16);
    LineTokens next = new LineTokens().scan("another");
    index.put(next, next.masked(), cluster(next));
    assertThat(index.size()).isEqualTo(1);
    assertThat(index.get(new LineTokens().scan("x" + word(0)))).isNull();
  }

  /** A digit-free word per number, so it stays a constant token. */
  private static String word(int i) {
    StringBuilder sb = new StringBuilder();
    do {
      sb.append((char) ('g' + i % 20));
      i /= 20;
    } while (i > 0);
    return sb.toString();
  }
}
