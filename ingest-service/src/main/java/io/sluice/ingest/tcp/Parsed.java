package io.sluice.ingest.tcp;

import io.sluice.common.proto.ingest.v1.LogEvent;

/** What a listener made of one frame: an event to store, or why the frame was skipped. */
public sealed interface Parsed permits Parsed.Received, Parsed.Malformed {

    /**
     * An event to store.
     *
     * @param event the event (no id or tenant yet)
     * @param apiKey the API key the message carried (stripped from the event), or null when none
     */
    record Received(LogEvent event, String apiKey) implements Parsed {
    }

    /**
     * A frame that is not a message of the listener's format; counted and skipped.
     *
     * @param reason what was wrong, for the (throttled) warning
     */
    record Malformed(String reason) implements Parsed {
    }
}
