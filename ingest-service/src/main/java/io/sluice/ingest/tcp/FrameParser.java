package io.sluice.ingest.tcp;

/**
 * Turns one frame of a listener's wire format into an event. Implementations are stateless,
 * thread-safe and never throw: anything unusable is {@link Parsed.Malformed}.
 */
@FunctionalInterface
public interface FrameParser {

    /**
     * Parses {@code frame}, received from {@code peerHost} (the sender's IP address, used when the
     * message names no host) at {@code receivedNanos} (epoch nanoseconds, used when it has no time).
     */
    Parsed parse(Frame frame, String peerHost, long receivedNanos);
}
