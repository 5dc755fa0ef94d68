package io.sluice.common.event;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Parses the time forms Sluice's APIs accept: RFC 3339 (e.g. {@code 2026-11-24T10:15:30.123Z}) or
 * epoch milliseconds (e.g. {@code 1764000000000}), into nanoseconds since the epoch.
 */
public final class Timestamps {

    private Timestamps() {
    }

    /**
     * Nanoseconds since the epoch for {@code text}.
     *
     * @throws IllegalArgumentException with a message naming the accepted forms
     */
    public static long parseNanos(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty timestamp: use RFC 3339 or epoch milliseconds");
        }
        String t = text.trim();
        if (t.chars().allMatch(Character::isDigit) && t.length() <= 15) {
            return Math.multiplyExact(Long.parseLong(t), 1_000_000L);
        }
        try {
            return toNanos(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + abbreviate(t) + "' is not RFC 3339 (e.g. 2026-11-24T10:15:30Z) or epoch milliseconds");
        }
    }

    /** Epoch nanoseconds of an instant. */
    public static long toNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    /** The instant of epoch nanoseconds. */
    public static Instant fromNanos(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
