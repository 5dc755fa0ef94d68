package io.sluice.patterns;

import java.util.Arrays;

/**
 * English day and month names, short and long, in any letter case: the parts of a written date that carry no
 * digit, so that {@code Fri Jun 17} masks the same way {@code 2005-06-17} does. "May" is left out: it is far
 * more often the English verb. Looked up by packing the letters into a long (5 bits each), no allocation.
 */
final class CalendarWords {

  private static final String[] WORDS = {
      "mon", "tue", "wed", "thu", "fri", "sat", "sun",
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
      "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
      "january", "february", "march", "april", "june", "july", "august", "september", "october",
      "november", "december"};
  private static final long[] PACKED = new long[WORDS.length];

  static {
    for (int i = 0; i < WORDS.length; i++) {
      PACKED[i] = pack(WORDS[i].toCharArray(), 0, WORDS[i].length());
    }
    Arrays.sort(PACKED);
  }

  private CalendarWords() {
  }

  /** Whether {@code text[s, e)}, ignoring one trailing comma, is a day or month name. */
  static boolean is(char[] text, int s, int e) {
    if (e > s && text[e - 1] == ',') {
      e--;
    }
    int len = e - s;
    if (len < 3 || len > 9) {
      return false;
    }
    long key = pack(text, s, e);
    return key >= 0 && Arrays.binarySearch(PACKED, key) >= 0;
  }

  /** Letters a-z (any case) as 5 bits each; -1 when a character is not a letter. */
  private static long pack(char[] text, int s, int e) {
    long key = 0;
    for (int i = s; i < e; i++) {
      int c = text[i] | 0x20;
      if (c < 'a' || c > 'z') {
        return -1;
      }
      key = (key << 5) | (c - 'a' + 1);
    }
    return key;
  }
}
