package io.sluice.pipeline.rules;

/**
 * Whether a sample rule keeps an event, decided by a hash of the event id alone: the same event
 * gets the same answer on every instance, after a restart and on redelivery, so a retried batch
 * never archives a different subset. Pure function.
 */
final class SampleDecision {

    private SampleDecision() {
    }

    /** Keeps about one event in {@code n}. */
    static boolean keepOneIn(String eventId, long n) {
        return Long.remainderUnsigned(hash(eventId), n) == 0;
    }

    /** Keeps about the fraction {@code rate} ({@code 0 < rate <= 1}) of events. */
    static boolean keepRate(String eventId, double rate) {
        return (hash(eventId) >>> 11) * 0x1.0p-53 < rate;
    }

    /** 64-bit FNV-1a of the id's characters through MurmurHash3's finaliser (ids are partly sequential). */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
