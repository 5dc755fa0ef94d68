package io.sluice.ingest.validate;

import io.sluice.common.proto.ingest.v1.LogEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A request's events after validation: the ones to store (in their original order) and the
 * rejections (ordered by index).
 *
 * @param accepted normalised events that passed validation
 * @param rejected one entry per event that did not
 * @param acceptedIndexes for each accepted event, its index in the request (so a writer can find
 *     the bytes it arrived in)
 */
public record ValidatedBatch(List<LogEvent> accepted, List<Rejection> rejected, int[] acceptedIndexes) {

    /** Copies the lists; {@code acceptedIndexes} has one entry per accepted event. */
    public ValidatedBatch {
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
        if (acceptedIndexes.length != accepted.size()) {
            throw new IllegalArgumentException("one index per accepted event expected");
        }
    }

    /** Number of events the request carried. */
    public int size() {
        return accepted.size() + rejected.size();
    }

    /** Collects checks of one request, in index order. Not thread-safe; one per request. */
    public static final class Builder {

        private final List<LogEvent> accepted;
        private final List<Rejection> rejected = new ArrayList<>();
        private int[] indexes;
        private int added;

        /** An empty builder. */
        public Builder() {
            this(16);
        }

        /** An empty builder for about {@code expected} events. */
        public Builder(int expected) {
            accepted = new ArrayList<>(expected);
            indexes = new int[Math.max(expected, 1)];
        }

        /** Adds the outcome of the next event (the n-th call is the event at index n - 1). */
        public Builder add(EventCheck check) {
            if (check instanceof EventCheck.Valid valid) {
                if (accepted.size() == indexes.length) {
                    indexes = Arrays.copyOf(indexes, indexes.length * 2);
                }
                indexes[accepted.size()] = added;
                accepted.add(valid.event());
            } else if (check instanceof EventCheck.Invalid invalid) {
                rejected.add(invalid.rejection());
            }
            added++;
            return this;
        }

        /** The batch collected so far. */
        public ValidatedBatch build() {
            return new ValidatedBatch(accepted, rejected, Arrays.copyOf(indexes, accepted.size()));
        }
    }
}
