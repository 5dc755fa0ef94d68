package io.sluice.agent.core;

import java.util.ArrayDeque;

/**
 * Reusable batch buffers: a lane fills one, sealing hands it to a send, and the send's completion
 * gives it back, so batches are built and sent without a fresh array per batch. Keeps at most
 * {@code retained} idle buffers; a buffer that grew past {@code maxRetainedBytes} (an oversized
 * batch) is left to the garbage collector. Worker thread only.
 */
final class BufferPool {

    private final ArrayDeque<ByteSink> idle = new ArrayDeque<>();
    private final int retained;
    private final int initialBytes;
    private final long maxRetainedBytes;

    BufferPool(int retained, int initialBytes, long maxRetainedBytes) {
        this.retained = retained;
        this.initialBytes = initialBytes;
        this.maxRetainedBytes = maxRetainedBytes;
    }

    ByteSink take() {
        ByteSink buffer = idle.pollFirst();
        return buffer != null ? buffer : new ByteSink(initialBytes);
    }

    void release(ByteSink buffer) {
        buffer.reset();
        if (idle.size() < retained && buffer.capacity() <= maxRetainedBytes) {
            idle.addFirst(buffer);
        }
    }

    int idle() {
        return idle.size();
    }
}
