package io.sluice.agent.core;

import io.sluice.common.proto.ingest.v1.LogEvent;
import java.util.Map;

/**
 * Writes one Sluice {@code LogEvent} in protobuf wire format into a reused buffer: the service and
 * host labels and the static attributes (pod, namespace, app version) are the agent's, the rest
 * comes from an {@link EventEncoder}. Attributes are collected as one flat JSON object, escaped
 * and UTF-8 encoded in one pass straight into a reused byte buffer. Owned by the agent's worker thread; allocates nothing per event once its
 * buffers have grown.
 */
public final class EventWriter {

    private static final int TIMESTAMP = 1;
    private static final int SERVICE = 2;
    private static final int HOST = 3;
    private static final int LEVEL = 4;
    private static final int MESSAGE = 5;
    private static final int ATTRIBUTES = 6;

    private final ByteSink labels = new ByteSink(64);
    private final ByteSink event = new ByteSink(1024);
    private final ByteSink attributes = new ByteSink(256);
    private final String[] staticAttributes;
    private byte[] raw;
    private long timestampNanos;
    private String level;
    private CharSequence message;
    private boolean encoded;

    /** A writer labelling events with {@code service}, {@code host} and the static attributes. */
    public EventWriter(String service, String host, Map<String, String> staticAttributes) {
        labels.writeStringField(SERVICE, service);
        labels.writeStringField(HOST, host);
        this.staticAttributes = staticAttributes.entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                .toArray(String[]::new);
    }

    /** Forgets the event written so far. */
    public void reset() {
        raw = null;
        encoded = false;
        timestampNanos = 0;
        level = null;
        message = null;
        attributes.reset();
    }

    /** The event's time in nanoseconds since the epoch. */
    public EventWriter timestamp(long unixNanos) {
        this.timestampNanos = unixNanos;
        return this;
    }

    /** The level name, e.g. {@code INFO}. */
    public EventWriter level(String levelName) {
        this.level = levelName;
        return this;
    }

    /** The message text. */
    public EventWriter message(CharSequence text) {
        this.message = text;
        return this;
    }

    /** One string attribute; a null value is skipped. */
    public EventWriter attribute(String name, String value) {
        if (name != null && value != null) {
            separate();
            attributes.writeJsonString(name);
            attributes.writeByte(':');
            attributes.writeJsonString(value);
        }
        return this;
    }

    /** One numeric attribute. */
    public EventWriter attribute(String name, long value) {
        separate();
        attributes.writeJsonString(name);
        attributes.writeByte(':');
        attributes.writeDecimal(value);
        return this;
    }

    /** A ready-made event, written as it is (used for synthetic and pre-built events). */
    EventWriter raw(LogEvent ready) {
        this.raw = ready.toByteArray();
        return this;
    }

    /** Encodes the event into the writer's own buffer; returns the bytes {@link #appendTo} will add. */
    int encode() {
        if (encoded) {
            return event.size() + 6;
        }
        encoded = true;
        event.reset();
        if (raw != null) {
            event.writeRaw(raw, 0, raw.length);
        } else {
            event.writeInt64Field(TIMESTAMP, timestampNanos);
            labels.writeTo(event);
            event.writeStringField(LEVEL, level);
            event.writeStringField(MESSAGE, message);
            for (int i = 0; i < staticAttributes.length; i += 2) {
                attribute(staticAttributes[i], staticAttributes[i + 1]);
            }
            if (attributes.size() > 0) {
                event.writeTag(ATTRIBUTES, 2);
                event.writeVarint(attributes.size() + 2L);
                event.writeByte('{');
                attributes.writeTo(event);
                event.writeByte('}');
            }
        }
        return event.size() + 6;
    }

    /** The event written so far, decoded: lets an {@link EventEncoder} be checked on its own. */
    public LogEvent toLogEvent() {
        encode();
        try {
            return LogEvent.parseFrom(event.toByteArray());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException("encoded an invalid event", e);
        }
    }

    /** Appends the encoded event as field 1 of a {@code LogBatch} to {@code batch}. */
    void appendTo(ByteSink batch) {
        batch.writeBytesField(1, event);
    }

    private void separate() {
        if (attributes.size() > 0) {
            attributes.writeByte(',');
        }
    }
}
