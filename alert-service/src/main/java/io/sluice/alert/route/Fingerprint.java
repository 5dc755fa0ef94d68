package io.sluice.alert.route;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The identity of an alert: a 64-bit FNV-1a hash of its labels sorted by name (name, 0xff, value,
 * 0xff, …), as 16 hex digits — Alertmanager's fingerprint scheme. Two alerts with the same labels
 * are the same alert, whichever rule evaluation or instance reported them. Pure.
 */
public final class Fingerprint {

    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;
    private static final int SEPARATOR = 0xff;

    private Fingerprint() {
    }

    /** The fingerprint of {@code labels}. */
    public static String of(Map<String, String> labels) {
        long h = OFFSET;
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            h = add(h, e.getKey());
            h = add(h, e.getValue());
        }
        return String.format("%016x", h);
    }

    private static long add(long h, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= PRIME;
        }
        h ^= SEPARATOR;
        h *= PRIME;
        return h;
    }
}
