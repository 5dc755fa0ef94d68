package io.sluice.logstore.compact;

/**
 * A swap found some of its chunks already superseded (another process compacted them since they
 * were read); its transaction is rolled back, so the chunks stay as the other swap left them.
 */
public class CompactionConflictException extends RuntimeException {

    /** A conflict: {@code expected} chunks to supersede, {@code superseded} were still live. */
    public CompactionConflictException(int expected, long superseded) {
        super("compaction conflict: " + superseded + " of " + expected + " chunks were still live");
    }
}
