package io.sluice.alert.ownership;

/**
 * A slot lease this instance holds: the value stored in Redis ({@code owner|token}) and until when
 * (local monotonic clock, {@link System#nanoTime()}) it is certainly still valid — measured from
 * before the request that took or renewed it, so Redis' expiry is never earlier.
 *
 * @param slot the slot
 * @param token the fencing token it was taken with
 * @param value the lease key's value
 * @param validUntilNanos {@code System.nanoTime()} after which this instance must not act on it
 */
record Lease(int slot, long token, String value, long validUntilNanos) {

    static Lease of(int slot, String owner, long token, long validUntilNanos) {
        return new Lease(slot, token, owner + "|" + token, validUntilNanos);
    }

    Lease renewedUntil(long validUntilNanos) {
        return new Lease(slot, token, value, validUntilNanos);
    }

    boolean validAt(long nanos) {
        return nanos - validUntilNanos < 0;
    }

    static String owner(String value) {
        return value.substring(0, value.lastIndexOf('|'));
    }

    static long token(String value) {
        return Long.parseLong(value.substring(value.lastIndexOf('|') + 1));
    }
}
