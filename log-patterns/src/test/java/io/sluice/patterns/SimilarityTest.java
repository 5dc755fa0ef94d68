package io.sluice.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimilarityTest {

  @Test
  void scoresTheShareOfTheTemplatesConstantsTheLineRepeats() {
    String[] template = {"Failed", "password", "for", null, "from", null};
    assertThat(Similarity.score(template, 4, new String[] {"Failed", "password", "for", "root", "from", null}))
        .isEqualTo(1.0);
    assertThat(Similarity.score(template, 4, new String[] {"Accepted", "password", "for", "root", "from", null}))
        .isEqualTo(0.75);
  }

  @Test
  void aVariableInTheLineDoesNotMatchAConstantOfTheTemplate() {
    String[] template = {"port", "ssh2"};
    assertThat(Similarity.score(template, 2, new String[] {"port", null})).isEqualTo(0.5);
  }

  @Test
  void aTemplateWithoutConstantsMatchesAnyLineOfItsLength() {
    assertThat(Similarity.score(new String[] {null, null}, 0, new String[] {"a", null})).isEqualTo(1.0);
  }
}
