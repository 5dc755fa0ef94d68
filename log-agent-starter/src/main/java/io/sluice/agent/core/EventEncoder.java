package io.sluice.agent.core;

/**
 * Turns what a logging thread captured into a Sluice event. Runs on the agent's worker thread
 * only, so an implementation may keep reusable state; it writes through {@link EventWriter},
 * which encodes protobuf into reused buffers.
 */
@FunctionalInterface
public interface EventEncoder {

    /** Writes {@code captured} (as offered to {@link LogAgent#offer(Object, int)}) to {@code out}. */
    void encode(Object captured, EventWriter out);
}
