package io.sluice.ingest.intake;

import java.util.Locale;

/** Where a batch came in; the {@code input} tag of the ingest metrics. */
public enum Input {
    HTTP, GRPC;

    /** The metric tag value ({@code http} or {@code grpc}). */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
