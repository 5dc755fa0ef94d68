package io.sluice.common.event;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates event ids: 128 bits written as 32 lowercase hex characters, the first 48 bits the
 * wall-clock milliseconds (so ids sort roughly by arrival and index well), the rest random.
 * Ingest assigns one to each event before it enters the buffer, so that every later stage can
 * write idempotently on it.
 */
public final class EventIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private EventIds() {
    }

    /** A new id for an event arriving now. */
    public static String next() {
        return of(System.currentTimeMillis(), ThreadLocalRandom.current().nextLong(), ThreadLocalRandom.current().nextInt());
    }

    static String of(long millis, long random64, int random16) {
        char[] out = new char[32];
        write(out, 0, millis & 0xFFFF_FFFF_FFFFL, 12);
        write(out, 12, random16 & 0xFFFFL, 4);
        write(out, 16, random64, 16);
        return new String(out);
    }

    private static void write(char[] out, int offset, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[offset + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
