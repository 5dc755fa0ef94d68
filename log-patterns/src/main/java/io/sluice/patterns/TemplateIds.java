package io.sluice.patterns;

import java.nio.charset.StandardCharsets;

/**
 * Derives a template id from a template's canonical text (its first, masked form): 64-bit FNV-1a over the
 * UTF-8 bytes, sign bit cleared so ids print and sort as positive numbers. Two miners that create a template
 * from the same first line get the same id without talking to each other.
 */
final class TemplateIds {

  private TemplateIds() {
  }

  static long of(String canonicalText) {
    long h = 0xcbf29ce484222325L;
    for (byte b : canonicalText.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h & Long.MAX_VALUE;
  }
}
