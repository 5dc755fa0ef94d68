package io.sluice.logstore.engine;

import io.sluice.logstore.scan.ChunkRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The first {@code limit + 1} lines of a query in its order, kept while chunks are decoded in any
 * order: memory is bounded by the limit, and once it is full a chunk whose whole time range lies
 * after the last kept line cannot contribute ({@link #cannotContribute}). The extra line tells
 * whether there is a next page. Thread-safe.
 */
final class TopLines {

    private final int capacity;
    private final boolean backward;
    private final Comparator<LogLine> order;
    private final PriorityQueue<LogLine> worstFirst;

    TopLines(int limit, boolean backward) {
        this.capacity = limit + 1;
        this.backward = backward;
        Comparator<LogLine> asc = Comparator.comparing(LogLine::event, LineOrder.ASCENDING);
        this.order = backward ? asc.reversed() : asc;
        this.worstFirst = new PriorityQueue<>(Math.min(capacity, 1024), order.reversed());
    }

    synchronized void offer(Collection<LogLine> lines) {
        for (LogLine line : lines) {
            if (worstFirst.size() < capacity) {
                worstFirst.add(line);
            } else if (order.compare(line, worstFirst.peek()) < 0) {
                worstFirst.poll();
                worstFirst.add(line);
            }
        }
    }

    /** Whether every line of a chunk with this time range would come after the lines already kept. */
    synchronized boolean cannotContribute(ChunkRef chunk) {
        if (worstFirst.size() < capacity) {
            return false;
        }
        long worst = worstFirst.peek().event().timestampNanos();
        return backward ? chunk.maxTsNanos() < worst : chunk.minTsNanos() > worst;
    }

    /**
     * Whether, chunks coming in the query's time order by their earliest time and each spanning less
     * than {@code spanNanos}, neither this chunk nor any after it can contribute: forward, it starts
     * after the last kept line; backward, even its latest possible time lies before it.
     */
    synchronized boolean noneLeftAfter(ChunkRef chunk, long spanNanos) {
        if (worstFirst.size() < capacity) {
            return false;
        }
        long worst = worstFirst.peek().event().timestampNanos();
        if (!backward) {
            return chunk.minTsNanos() > worst;
        }
        long latest = chunk.minTsNanos() > Long.MAX_VALUE - spanNanos ? Long.MAX_VALUE : chunk.minTsNanos() + spanNanos;
        return latest < worst;
    }

    /** The kept lines in order: at most {@code limit}, and whether more followed. */
    synchronized Page page() {
        List<LogLine> sorted = new ArrayList<>(worstFirst);
        sorted.sort(order);
        boolean more = sorted.size() == capacity;
        return new Page(more ? sorted.subList(0, capacity - 1) : sorted, more);
    }

    /** The lines of one page, and whether there are more. */
    record Page(List<LogLine> lines, boolean more) {
    }
}
