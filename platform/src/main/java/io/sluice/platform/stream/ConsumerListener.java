package io.sluice.platform.stream;

/**
 * Counts what a {@link GroupConsumer} does, so each service can export it under its own metric
 * names. Called from Reactor threads; implementations must be cheap and thread-safe.
 */
public interface ConsumerListener {

    /** A listener that ignores everything. */
    ConsumerListener NONE = new ConsumerListener() {
    };

    /** {@code entries} were acknowledged (processed, rejected or dead-lettered). */
    default void acked(int entries) {
    }

    /** {@code entries} pending at an idle consumer were taken over. */
    default void claimed(int entries) {
    }

    /** {@code entries} were copied to the dead-letter stream. */
    default void deadLettered(int entries) {
    }

    /** A handler attempt failed; the batch will be retried. */
    default void failed() {
    }
}
