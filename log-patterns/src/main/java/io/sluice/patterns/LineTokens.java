package io.sluice.patterns;

import java.util.Arrays;

/**
 * One line split into whitespace-separated tokens, each masked by {@link TokenMasker}: offsets into the
 * line for the original text, and the masked shapes written into one reusable character buffer. A miner
 * reuses one instance for every line, so the hot path allocates nothing here; not thread-safe.
 */
final class LineTokens {

  String content = "";
  int count;
  int[] start = new int[32];
  int[] end = new int[32];
  boolean[] variable = new boolean[32];
  int[] shapeStart = new int[32];
  int[] shapeEnd = new int[32];
  char[] shapes = new char[512];
  /** The line's characters, copied once so the scan reads an array rather than calling charAt. */
  char[] chars = new char[256];
  /** Hash of the masked token sequence: constants by shape, variables as one shared symbol. */
  long hash;

  /** Splits {@code text} on whitespace (as Python's {@code str.split()} does) and masks every token. */
  LineTokens scan(String text) {
    content = text;
    count = 0;
    int n = text.length();
    if (shapes.length < 3 * n) {
      shapes = new char[3 * n + 16];
    }
    if (chars.length < n) {
      chars = new char[n + 16];
    }
    char[] c = chars;
    text.getChars(0, n, c, 0);
    long h = 0xcbf29ce484222325L;
    int at = 0;
    int i = 0;
    while (i < n) {
      while (i < n && isSpace(c[i])) {
        i++;
      }
      if (i == n) {
        break;
      }
      int s = i;
      while (i < n && !isSpace(c[i])) {
        i++;
      }
      if (count == start.length) {
        grow();
      }
      start[count] = s;
      end[count] = i;
      int shapeEnd = TokenMasker.shape(c, s, i, shapes, at);
      boolean var = shapeEnd < 0;
      variable[count] = var;
      this.shapeStart[count] = at;
      this.shapeEnd[count] = var ? -shapeEnd - 1 : shapeEnd;
      h = (h ^ (var ? 0x9e3779b97f4a7c15L : shapeHash(at, shapeEnd))) * 0x100000001b3L;
      at = this.shapeEnd[count];
      count++;
    }
    hash = h ^ count;
    return this;
  }

  /** The original text of token {@code i}. */
  String token(int i) {
    return content.substring(start[i], end[i]);
  }

  /** Whether the masked shape of token {@code i} has exactly the characters of {@code text}. */
  boolean shapeEquals(int i, String text) {
    int s = shapeStart[i];
    int len = shapeEnd[i] - s;
    if (len != text.length()) {
      return false;
    }
    for (int k = 0; k < len; k++) {
      if (shapes[s + k] != text.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** The masked tokens as the similarity search needs them: constant shape, {@code null} for a variable. */
  String[] masked() {
    String[] out = new String[count];
    for (int i = 0; i < count; i++) {
      out[i] = variable[i] ? null : new String(shapes, shapeStart[i], shapeEnd[i] - shapeStart[i]);
    }
    return out;
  }

  private long shapeHash(int s, int e) {
    long h = 0;
    for (int i = s; i < e; i++) {
      h = 31 * h + shapes[i];
    }
    return h * 0xff51afd7ed558ccdL;
  }

  static boolean isSpace(char c) {
    return c == ' ' || (c <= '\r' && c >= '\t') || (c > 127 && Character.isWhitespace(c));
  }

  private void grow() {
    int size = start.length * 2;
    start = Arrays.copyOf(start, size);
    end = Arrays.copyOf(end, size);
    variable = Arrays.copyOf(variable, size);
    shapeStart = Arrays.copyOf(shapeStart, size);
    shapeEnd = Arrays.copyOf(shapeEnd, size);
  }
}
