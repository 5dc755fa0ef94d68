package io.sluice.logstore.engine;

import io.sluice.logstore.scan.ChunkRef;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one query has cost so far, and the bound on bytes it may decode: charging a chunk that
 * would take the query over {@code maxBytes} fails it with a {@link QueryLimitException} before the
 * chunk is read. Thread-safe (chunks are decoded concurrently).
 */
final class QueryCost {

    private final long maxBytes;
    private final long started = System.nanoTime();
    private final AtomicLong chunksTotal = new AtomicLong();
    private final AtomicLong chunksRead = new AtomicLong();
    private final AtomicLong hotEvents = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    QueryCost(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void found(ChunkRef chunk) {
        chunksTotal.incrementAndGet();
    }

    /** Counts {@code chunk} as read; refuses it when the query would decode more than its bound. */
    void charge(ChunkRef chunk) {
        long total = bytes.addAndGet(chunk.rawBytes());
        if (total > maxBytes) {
            throw new QueryLimitException("the query would read more than " + maxBytes / (1024 * 1024)
                    + " MiB of log lines (sluice.logstore.engine.max-bytes-scanned); narrow the time range,"
                    + " select fewer streams or add a line filter such as |= \"text\"");
        }
        chunksRead.incrementAndGet();
    }

    void hotScanned(long n) {
        hotEvents.addAndGet(n);
    }

    void evaluated(long n) {
        events.addAndGet(n);
    }

    QueryStats stats() {
        return new QueryStats(chunksTotal.get(), chunksRead.get(), hotEvents.get(), events.get(), bytes.get(),
                System.nanoTime() - started);
    }
}
