package io.sluice.ingest.validate;

import io.sluice.common.proto.ingest.v1.LogEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A request's events after validation: the ones to store (in their original order) and the
 * rejections (ordered by index).
 *
 * @param accepted normalised events that passed validation
 * @param rejected one entry per event that did not
 */
public record ValidatedBatch(List<LogEvent> accepted, List<Rejection> rejected) {

    /** Copies both lists. */
    public ValidatedBatch {
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
    }

    /** Number of events the request carried. */
    public int size() {
        return accepted.size() + rejected.size();
    }

    /** Collects checks of one request, in index order. Not thread-safe; one per request. */
    public static final class Builder {

        private final List<LogEvent> accepted = new ArrayList<>();
        private final List<Rejection> rejected = new ArrayList<>();

        /** Adds the outcome of one event. */
        public Builder add(EventCheck check) {
            if (check instanceof EventCheck.Valid valid) {
                accepted.add(valid.event());
            } else if (check instanceof EventCheck.Invalid invalid) {
                rejected.add(invalid.rejection());
            }
            return this;
        }

        /** The batch collected so far. */
        public ValidatedBatch build() {
            return new ValidatedBatch(accepted, rejected);
        }
    }
}
