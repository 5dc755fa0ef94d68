package io.sluice.common.event;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates event ids: 128 bits written as 32 lowercase hex characters. Ingest assigns one to each
 * event before it enters the buffer, so that every later stage can write idempotently on it.
 *
 * <p>Layout: 48 bits of wall-clock milliseconds, 48 random bits drawn once per {@link Batch}, and a
 * 32-bit ordinal within the batch. The events of one batch therefore share their first 24 hex
 * characters, so the archive compresses a chunk's ids to little more than the ordinals (an
 * independent random id per event costs ~16 bytes per event after compression), while ids stay
 * unique (48 random bits per batch and millisecond) and sort by arrival time.
 */
public final class EventIds {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private EventIds() {
    }

    /** A new id for a lone event arriving now (a batch of one). */
    public static String next() {
        return batch().next();
    }

    /** A new batch: its ids share the current millisecond and one random 48-bit value. */
    public static Batch batch() {
        return new Batch(System.currentTimeMillis(), ThreadLocalRandom.current().nextLong());
    }

    static String of(long millis, long batchRandom, int ordinal) {
        byte[] out = new byte[32];
        write(out, 0, millis & 0xFFFF_FFFF_FFFFL, 12);
        write(out, 12, batchRandom & 0xFFFF_FFFF_FFFFL, 12);
        write(out, 24, ordinal & 0xFFFF_FFFFL, 8);
        return new String(out, StandardCharsets.US_ASCII);
    }

    private static void write(byte[] out, int offset, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[offset + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }

    /**
     * Ids for the events of one incoming batch, in order. Not thread-safe: one request's thread
     * numbers its events. After 2^32 ids it starts a fresh prefix, so ids never repeat.
     */
    public static final class Batch {

        private long millis;
        private long random;
        private long ordinal;

        private Batch(long millis, long random) {
            this.millis = millis;
            this.random = random;
        }

        /** The next id of this batch. */
        public String next() {
            if (ordinal > 0xFFFF_FFFFL) {
                millis = System.currentTimeMillis();
                random = ThreadLocalRandom.current().nextLong();
                ordinal = 0;
            }
            return of(millis, random, (int) ordinal++);
        }

        /**
         * Writes the next id of this batch as 32 ASCII bytes at {@code out[offset]} (the bytes of
         * what {@link #next()} would return), for writers that encode events without a String.
         */
        public void next(byte[] out, int offset) {
            if (ordinal > 0xFFFF_FFFFL) {
                millis = System.currentTimeMillis();
                random = ThreadLocalRandom.current().nextLong();
                ordinal = 0;
            }
            write(out, offset, millis & 0xFFFF_FFFF_FFFFL, 12);
            write(out, offset + 12, random & 0xFFFF_FFFF_FFFFL, 12);
            write(out, offset + 24, ordinal++ & 0xFFFF_FFFFL, 8);
        }
    }
}
