package io.sluice.ingest.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes fuzz frames from a seeded random source: purely random bytes, or valid seed frames damaged
 * by one to four mutations (bit flips, byte changes, cuts, inserted or repeated chunks, splices of
 * two seeds, interesting values such as 0xFF runs and huge varints). The same seed gives the same
 * frames, so a failure can be replayed.
 */
final class Mutator {

    private static final byte[][] INTERESTING = {
        {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01},
        {0x00}, {(byte) 0x80}, {(byte) 0xC3, 0x28}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        "{".getBytes(StandardCharsets.UTF_8), "[".getBytes(StandardCharsets.UTF_8), "\"".getBytes(StandardCharsets.UTF_8),
        "\\u".getBytes(StandardCharsets.UTF_8), "null".getBytes(StandardCharsets.UTF_8), "1e999999".getBytes(StandardCharsets.UTF_8),
        "\n".getBytes(StandardCharsets.UTF_8), "-9223372036854775809".getBytes(StandardCharsets.UTF_8),
    };

    private final SplittableRandom random;
    private final List<byte[]> seeds;

    Mutator(long seed, List<byte[]> seeds) {
        this.random = new SplittableRandom(seed);
        this.seeds = seeds;
    }

    /** The next frame: one in eight purely random, the rest mutated seeds. */
    synchronized byte[] next() {
        if (random.nextInt(8) == 0) {
            byte[] noise = new byte[random.nextInt(2048)];
            random.nextBytes(noise);
            return noise;
        }
        byte[] frame = seeds.get(random.nextInt(seeds.size())).clone();
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            frame = mutate(frame);
        }
        return frame;
    }

    int nextInt(int bound) {
        synchronized (this) {
            return random.nextInt(bound);
        }
    }

    private byte[] mutate(byte[] frame) {
        if (frame.length == 0) {
            return INTERESTING[random.nextInt(INTERESTING.length)].clone();
        }
        int at = random.nextInt(frame.length);
        switch (random.nextInt(8)) {
            case 0 -> frame[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> frame[at] = (byte) random.nextInt(256);
            case 2 -> {
                return Arrays.copyOf(frame, at);
            }
            case 3 -> {
                return concat(Arrays.copyOfRange(frame, 0, at), INTERESTING[random.nextInt(INTERESTING.length)],
                        Arrays.copyOfRange(frame, at, frame.length));
            }
            case 4 -> {
                int end = Math.min(frame.length, at + 1 + random.nextInt(64));
                return concat(Arrays.copyOfRange(frame, 0, end), Arrays.copyOfRange(frame, at, end),
                        Arrays.copyOfRange(frame, end, frame.length));
            }
            case 5 -> {
                int end = Math.min(frame.length, at + 1 + random.nextInt(16));
                return concat(Arrays.copyOfRange(frame, 0, at), Arrays.copyOfRange(frame, end, frame.length));
            }
            case 6 -> {
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                int from = other.length == 0 ? 0 : random.nextInt(other.length);
                return concat(Arrays.copyOfRange(frame, 0, at), Arrays.copyOfRange(other, from, other.length));
            }
            default -> {
                byte[] interesting = INTERESTING[random.nextInt(INTERESTING.length)];
                System.arraycopy(interesting, 0, frame, at, Math.min(interesting.length, frame.length - at));
            }
        }
        return frame;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
