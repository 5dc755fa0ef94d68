package io.sluice.ingest.validate;

/**
 * Why one event of a batch was not stored. The reason names the event's position, so it can be
 * read on its own (for example in a log or a gRPC status description).
 *
 * @param index position of the event in its batch (0-based)
 * @param reason what was wrong, in words a user can act on
 */
public record Rejection(int index, String reason) {

    /** A rejection of the event at {@code index}, its reason prefixed with the position. */
    public static Rejection of(int index, String problem) {
        return new Rejection(index, "event " + index + ": " + problem);
    }
}
