package io.sluice.patterns;

/**
 * The generic masks every line gets, whatever its source: one hand-written pass over a token's characters,
 * no regular expressions, nothing specific to one log source.
 *
 * <p>A token is cut into alphanumeric runs and the punctuation between them. A run is masked ({@code <*>})
 * when it holds a digit and either starts with one ({@code 42}, {@code 3s}, {@code 2015}) or is entirely hex
 * ({@code 3fa9c0de}, {@code e5}); a run of letters ending in four or more digits keeps its letters and masks
 * the digits ({@code Steps1514044800223} becomes {@code Steps<*>}). Other runs stay ({@code ssh2},
 * {@code log4j}, {@code IPv6}); an earlier mask's {@code <*>} counts as a masked run. Then:
 * <ul>
 *   <li>a day or month name ({@code Mon}, {@code June}) is a variable, as dates are;</li>
 *   <li>a token with two or more slashes or backslashes (a path or URL) is a variable as a whole;</li>
 *   <li>a token with no letter before its first mask (a number, an IP, {@code 10.0.0.1:80}) is a variable;</li>
 *   <li>a token with a mask after a key keeps the key and ends there ({@code uid=<*>},
 *       {@code onExtend:<*>}, {@code setTotalSteps=<*>}), as does a word whose digit tail was masked
 *       ({@code Steps<*>});</li>
 *   <li>any other token with a mask is an identifier with a number in it ({@code rdd_2_1},
 *       {@code attempt_1445_m_0}, {@code host-12.example.com}) and a variable as a whole;</li>
 *   <li>a token without a mask is a constant as written.</li>
 * </ul>
 */
final class TokenMasker {

  private static final int DIGIT_TAIL = 4;

  private TokenMasker() {
  }

  /**
   * Writes the masked shape of {@code text[s, e)} into {@code out} from {@code at}, which must have room
   * for {@code 3 * (e - s)} characters (a one-digit run becomes three).
   *
   * @return the shape's end offset in {@code out}, or {@code -1 - end} when the token is a whole variable
   */
  static int shape(char[] text, int s, int e, char[] out, int at) {
    if (CalendarWords.is(text, s, e)) {
      return -at - 1;
    }
    int o = at;
    boolean letter = false;
    int slashes = 0;
    int i = s;
    while (i < e) {
      char c = text[i];
      if (c == '<' && i + 2 < e && text[i + 1] == '*' && text[i + 2] == '>') {
        return masked(text, i + 3, e, out, at, o, letter, slashes);
      }
      if (isAlnum(c)) {
        int r = i;
        boolean digit = false;
        boolean hex = true;
        while (r < e && isAlnum(text[r])) {
          char d = text[r];
          if (d <= '9') {
            digit = true;
          } else if (!((d >= 'a' && d <= 'f') || (d >= 'A' && d <= 'F'))) {
            hex = false;
          }
          r++;
        }
        if (digit && (c <= '9' || hex)) {
          return masked(text, r, e, out, at, o, letter, slashes);
        }
        int tail = r;
        while (tail > i && text[tail - 1] <= '9') {
          tail--;
        }
        for (int k = i; k < tail; k++) {
          out[o++] = text[k];
        }
        letter = true;
        if (r - tail >= DIGIT_TAIL) {
          return masked(text, r, e, out, at, o, true, slashes);
        }
        for (int k = tail; k < r; k++) {
          out[o++] = text[k];
        }
        i = r;
      } else {
        if (c == '/' || c == '\\') {
          slashes++;
        }
        out[o++] = c;
        i++;
      }
    }
    return slashes > 1 ? -o - 1 : o;
  }

  /**
   * Ends a shape at its first mask. {@code out[at, o)} is the shape so far; {@code rest} is where the token
   * goes on after the mask. Keeps a key ({@code uid=}, {@code size:}) or a word the digits were glued to
   * ({@code Steps}); an identifier with a number in it ({@code rdd_2_1}, {@code host-12.example.com}) is a
   * variable as a whole.
   */
  private static int masked(char[] text, int rest, int e, char[] out, int at, int o, boolean letter, int slashes) {
    for (int i = rest; i < e && slashes < 2; i++) {
      if (text[i] == '/' || text[i] == '\\') {
        slashes++;
      }
    }
    if (!letter || slashes > 1) {
      return -o - 1;
    }
    int keep = o;
    if (!isAlnum(out[o - 1])) {
      keep = -1;
      for (int i = at; i < o; i++) {
        if (out[i] == '=' || out[i] == ':') {
          keep = i + 1;
          break;
        }
      }
      if (keep < 0) {
        return -o - 1;
      }
    }
    out[keep] = '<';
    out[keep + 1] = '*';
    out[keep + 2] = '>';
    return keep + 3;
  }

  private static boolean isAlnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
