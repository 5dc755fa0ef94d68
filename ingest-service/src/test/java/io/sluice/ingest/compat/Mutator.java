package io.sluice.ingest.compat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes fuzz frames from valid seeds: byte-level mutations (bit flips, interesting bytes, inserts,
 * deletions, truncation, duplicated and spliced chunks, wholly random bytes) and, for text seeds,
 * token-level ones (structural characters removed or added, numbers replaced by extremes, strings
 * replaced by invalid UTF-8 or huge escapes). Deterministic for a given random source.
 */
public final class Mutator {

    private static final byte[] INTERESTING = {0, (byte) 0xff, 0x7f, (byte) 0x80, 0x01, (byte) 0xc3, (byte) 0xfe, 0x0a, 0x22, 0x5c};
    private static final String[] TOKENS = {"{", "}", "[", "]", ",", ":", "\"", "\\", "null", "true", "-1", "1e999",
            "9223372036854775808", "-9223372036854775809", "\"\\u0000\"", "\"\\ud800\"", "{}", "[]", "\n", "0.0000001"};

    private final SplittableRandom random;
    private final List<byte[]> seeds;

    /** Mutates {@code seeds} with {@code random}. */
    public Mutator(SplittableRandom random, List<byte[]> seeds) {
        this.random = random;
        this.seeds = seeds;
    }

    /** A fresh frame: a seed mutated 1–4 times, or (1 in 20) random bytes. */
    public byte[] next(boolean text) {
        if (random.nextInt(20) == 0) {
            byte[] noise = new byte[random.nextInt(2048)];
            random.nextBytes(noise);
            return noise;
        }
        byte[] frame = seeds.get(random.nextInt(seeds.size())).clone();
        int rounds = 1 + random.nextInt(4);
        for (int i = 0; i < rounds; i++) {
            frame = text && random.nextBoolean() ? mutateText(frame) : mutateBytes(frame);
        }
        return frame;
    }

    /** A random seed, unmutated. */
    public byte[] seed() {
        return seeds.get(random.nextInt(seeds.size()));
    }

    /** The random source. */
    public SplittableRandom random() {
        return random;
    }

    private byte[] mutateBytes(byte[] in) {
        if (in.length == 0) {
            return new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]};
        }
        int at = random.nextInt(in.length);
        switch (random.nextInt(8)) {
            case 0 -> {
                byte[] out = in.clone();
                out[at] ^= (byte) (1 << random.nextInt(8));
                return out;
            }
            case 1 -> {
                byte[] out = in.clone();
                out[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                return out;
            }
            case 2 -> {
                return splice(in, at, at, new byte[] {(byte) random.nextInt(256)});
            }
            case 3 -> {
                int end = Math.min(in.length, at + 1 + random.nextInt(16));
                return splice(in, at, end, new byte[0]);
            }
            case 4 -> {
                return Arrays.copyOf(in, at);
            }
            case 5 -> {
                int end = Math.min(in.length, at + 1 + random.nextInt(64));
                return splice(in, at, at, Arrays.copyOfRange(in, at, end));
            }
            case 6 -> {
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                int from = random.nextInt(other.length + 1);
                return splice(in, at, in.length, Arrays.copyOfRange(other, from, other.length));
            }
            default -> {
                byte[] out = in.clone();
                for (int i = 0; i < 1 + random.nextInt(8); i++) {
                    out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                }
                return out;
            }
        }
    }

    private byte[] mutateText(byte[] in) {
        String text = new String(in, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
        }
        int at = random.nextInt(text.length());
        String token = TOKENS[random.nextInt(TOKENS.length)];
        String out = switch (random.nextInt(4)) {
            case 0 -> text.substring(0, at) + token + text.substring(at);
            case 1 -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + random.nextInt(8)));
            case 2 -> text.replaceFirst("\\d+", java.util.regex.Matcher.quoteReplacement(token));
            default -> text.substring(0, at) + "\"" + "x".repeat(random.nextInt(5000)) + "\"" + text.substring(at);
        };
        return out.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] splice(byte[] in, int from, int to, byte[] insert) {
        byte[] out = new byte[from + insert.length + (in.length - to)];
        System.arraycopy(in, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(in, to, out, from + insert.length, in.length - to);
        return out;
    }
}
