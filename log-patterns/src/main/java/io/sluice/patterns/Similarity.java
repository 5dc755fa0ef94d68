package io.sluice.patterns;

/**
 * How well a masked line fits a template of the same length: the fraction of the template's constant
 * tokens that the line repeats at the same position. Unlike Drain's score, positions the template already
 * holds as variables do not count against the line, so a template's score does not shrink as it learns its
 * variables, and one threshold serves short and long, variable-heavy and constant-heavy templates alike.
 */
final class Similarity {

  private Similarity() {
  }

  /**
   * @param template template tokens, {@code null} for a variable
   * @param constants number of non-null template tokens
   * @param line masked line tokens of the same length, {@code null} for a variable
   * @return a score in [0, 1]; 1 for a template without constants
   */
  static double score(String[] template, int constants, String[] line) {
    if (constants == 0) {
      return 1.0;
    }
    int same = 0;
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      if (t != null && t.equals(line[i])) {
        same++;
      }
    }
    return (double) same / constants;
  }
}
