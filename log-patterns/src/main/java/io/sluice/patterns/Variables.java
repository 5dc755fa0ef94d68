package io.sluice.patterns;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The variable parts of one line as an immutable list that cuts each value out of the line only when it is
 * read: a consumer that only needs the template id pays for one small offsets array, not for a string per
 * value.
 */
final class Variables extends AbstractList<String> implements RandomAccess {

  private final String line;
  /** start, end pairs into {@code line}. */
  private final int[] bounds;

  Variables(String line, int[] bounds) {
    this.line = line;
    this.bounds = bounds;
  }

  @Override
  public String get(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException("variable " + index + " of " + size());
    }
    return line.substring(bounds[2 * index], bounds[2 * index + 1]);
  }

  @Override
  public int size() {
    return bounds.length / 2;
  }
}
