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

    /**
     * A new reusable holder for one ring slot, which a logging thread may fill in place through
     * {@link LogAgent#tryClaim(int)} instead of offering an object of its own; {@link #encode}
     * then receives the holder and must leave it holding no references it no longer needs.
     * Called once per slot when the agent is created. Default: none.
     */
    default Object newSlotHolder() {
        return null;
    }
}
