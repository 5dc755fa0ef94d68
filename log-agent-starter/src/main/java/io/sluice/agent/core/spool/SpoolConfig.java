package io.sluice.agent.core.spool;

/**
 * Limits of a {@link DiskSpool}.
 *
 * @param maxBytes quota over all segment files; an append that would exceed it is refused
 * @param segmentBytes size at which the spool starts a new segment file (a larger batch gets a
 *     segment of its own)
 * @param fsync whether every append and acknowledgement is forced to the device; without it data
 *     survives a crash of the process (kill -9) but not necessarily of the machine
 */
public record SpoolConfig(long maxBytes, long segmentBytes, boolean fsync) {

    public SpoolConfig {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        if (segmentBytes <= 0) {
            throw new IllegalArgumentException("segmentBytes must be positive: " + segmentBytes);
        }
    }
}
