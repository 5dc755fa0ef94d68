package io.sluice.ingest.validate;

import io.sluice.common.proto.ingest.v1.LogEvent;

/** The outcome of validating one event: either the normalised event or why it was rejected. */
public sealed interface EventCheck permits EventCheck.Valid, EventCheck.Invalid {

    /** An event that may be stored, normalised (trimmed labels, canonical level, default host). */
    record Valid(LogEvent event) implements EventCheck {
    }

    /** An event that must not be stored. */
    record Invalid(Rejection rejection) implements EventCheck {
    }
}
