package io.sluice.agent.core;

/**
 * Client-side round robin over a fixed list of endpoints with passive health: an endpoint that
 * failed transiently is skipped until {@code unhealthyNanos} have passed; when every endpoint is
 * unhealthy, the one that has been unhealthy longest is tried. Thread-safe (the worker picks, gRPC
 * callbacks fail over); a lock per pick, once per batch attempt.
 */
final class EndpointPicker {

    private final long[] unhealthyUntil;
    private final long unhealthyNanos;
    private int cursor;

    EndpointPicker(int endpoints, long unhealthyNanos) {
        this.unhealthyUntil = new long[endpoints];
        this.unhealthyNanos = unhealthyNanos;
    }

    /** Index of the next endpoint to try. */
    synchronized int next() {
        long now = System.nanoTime();
        int n = unhealthyUntil.length;
        int fallback = -1;
        for (int i = 0; i < n; i++) {
            int candidate = (cursor + i) % n;
            if (unhealthyUntil[candidate] == 0 || now - unhealthyUntil[candidate] >= 0) {
                cursor = (candidate + 1) % n;
                return candidate;
            }
            if (fallback < 0 || unhealthyUntil[candidate] - unhealthyUntil[fallback] < 0) {
                fallback = candidate;
            }
        }
        cursor = (fallback + 1) % n;
        return fallback;
    }

    synchronized void healthy(int index) {
        unhealthyUntil[index] = 0;
    }

    synchronized void unhealthy(int index) {
        long until = System.nanoTime() + unhealthyNanos;
        unhealthyUntil[index] = until == 0 ? 1 : until;
    }
}
