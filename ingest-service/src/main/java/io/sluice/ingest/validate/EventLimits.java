package io.sluice.ingest.validate;

import java.time.Duration;

/**
 * The per-event limits {@link EventValidator} enforces, and what it does past each: messages and
 * attribute string values longer than their limit are truncated (the event is kept and marked);
 * too many attributes, an overlong attribute name, or a timestamp outside the ingest window
 * reject the event.
 *
 * @param maxMessageBytes longest kept message, in UTF-8 bytes; longer ones are cut at a character boundary
 * @param maxAttributes most top-level attributes per event
 * @param maxAttributeNameLength longest attribute name, in characters
 * @param maxAttributeValueLength longest attribute string value (at any depth), in UTF-16 characters
 * @param maxAge how far before receive time an event timestamp may be
 * @param maxFuture how far after receive time an event timestamp may be
 */
public record EventLimits(long maxMessageBytes, int maxAttributes, int maxAttributeNameLength, int maxAttributeValueLength,
        Duration maxAge, Duration maxFuture) {

    /** The defaults of {@code sluice.ingest.*} and {@code sluice.ingest.limits.*}. */
    public static EventLimits defaults() {
        return new EventLimits(256 * 1024, 128, 256, 16384, Duration.ofDays(7), Duration.ofMinutes(10));
    }

    /** These limits with messages of at most {@code bytes} UTF-8 bytes. */
    public EventLimits withMaxMessageBytes(long bytes) {
        return new EventLimits(bytes, maxAttributes, maxAttributeNameLength, maxAttributeValueLength, maxAge, maxFuture);
    }
}
