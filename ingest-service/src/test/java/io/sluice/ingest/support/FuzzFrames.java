package io.sluice.ingest.support;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random and mutated frames for fuzzing a listener: random bytes, random printable text, and valid
 * templates mutated by bit flips, byte insertions, deletions, duplications and truncation, plus a
 * list of hand-picked nasty cases. Deterministic for a seed.
 */
public final class FuzzFrames {

    private static final byte[] NASTY_BYTES = {'<', '>', '[', ']', '"', '\\', '=', ' ', '\n', '\r', 0, '-', '{', '}', ':', ',',
        (byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xFF, (byte) 0xC3, '1', '9'};

    private final Random random;
    private final List<byte[]> templates;
    private final List<String> nasty;
    private final int maxLength;

    /** Frames built from {@code templates} and {@code nasty} cases, at most about {@code maxLength} bytes long. */
    public FuzzFrames(long seed, List<String> templates, List<String> nasty, int maxLength) {
        this.random = new Random(seed);
        this.templates = templates.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
        this.nasty = List.copyOf(nasty);
        this.maxLength = maxLength;
    }

    /** The random source, for framing decisions by the caller. */
    public Random random() {
        return random;
    }

    /** The next fuzz frame. */
    public byte[] next() {
        int kind = random.nextInt(100);
        if (kind < 10) {
            byte[] bytes = new byte[random.nextInt(maxLength)];
            random.nextBytes(bytes);
            return bytes;
        }
        if (kind < 20) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(200);
            for (int i = 0; i < length; i++) {
                text.append((char) (' ' + random.nextInt(95)));
            }
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (kind < 30) {
            return nasty.get(random.nextInt(nasty.size())).getBytes(StandardCharsets.UTF_8);
        }
        byte[] frame = templates.get(random.nextInt(templates.size())).clone();
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            frame = mutate(frame);
        }
        return frame;
    }

    private byte[] mutate(byte[] frame) {
        if (frame.length == 0) {
            return new byte[] {NASTY_BYTES[random.nextInt(NASTY_BYTES.length)]};
        }
        int at = random.nextInt(frame.length);
        switch (random.nextInt(6)) {
            case 0 -> {
                frame[at] ^= (byte) (1 << random.nextInt(8));
                return frame;
            }
            case 1 -> {
                frame[at] = NASTY_BYTES[random.nextInt(NASTY_BYTES.length)];
                return frame;
            }
            case 2 -> {
                byte[] longer = new byte[frame.length + 1];
                System.arraycopy(frame, 0, longer, 0, at);
                longer[at] = NASTY_BYTES[random.nextInt(NASTY_BYTES.length)];
                System.arraycopy(frame, at, longer, at + 1, frame.length - at);
                return longer;
            }
            case 3 -> {
                byte[] shorter = new byte[frame.length - 1];
                System.arraycopy(frame, 0, shorter, 0, at);
                System.arraycopy(frame, at + 1, shorter, at, frame.length - at - 1);
                return shorter;
            }
            case 4 -> {
                int copies = 1 + random.nextInt(Math.max(1, maxLength / Math.max(1, frame.length)));
                byte[] repeated = new byte[Math.min(maxLength * 2, frame.length * (copies + 1))];
                for (int i = 0; i < repeated.length; i++) {
                    repeated[i] = frame[i % frame.length];
                }
                return repeated;
            }
            default -> {
                return Arrays.copyOf(frame, at);
            }
        }
    }
}
