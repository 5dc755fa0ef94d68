package io.sluice.logstore.compact;

/**
 * What compaction did.
 *
 * @param chunksIn small chunks superseded
 * @param chunksOut chunks written in their place
 * @param events events moved (the same before and after)
 * @param rawBytes raw message bytes of those events
 * @param storedBytesIn compressed data bytes of the superseded chunks
 * @param storedBytesOut compressed data bytes of the new chunks
 */
public record CompactionResult(int chunksIn, int chunksOut, long events, long rawBytes, long storedBytesIn, long storedBytesOut) {

    /** Nothing done. */
    public static final CompactionResult NONE = new CompactionResult(0, 0, 0, 0, 0, 0);

    /** The sum of this and {@code other}. */
    public CompactionResult plus(CompactionResult other) {
        return new CompactionResult(chunksIn + other.chunksIn, chunksOut + other.chunksOut, events + other.events,
                rawBytes + other.rawBytes, storedBytesIn + other.storedBytesIn, storedBytesOut + other.storedBytesOut);
    }
}
