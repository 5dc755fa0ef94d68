package io.sluice.logstore.hot;

import com.google.protobuf.InvalidProtocolBufferException;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The format of one hot-stream entry ({@link HotTierKeys}), in one place: pipeline-service's
 * {@code HotTier} writes it, {@link HotTierReader} reads it.
 *
 * <p>An entry holds the events one buffer entry contributed to one tenant: field {@value #EVENTS}
 * is one {@link LogBatch} protobuf (events with {@code fields_json}; no idempotency key) and field
 * {@value #COUNT} how many events it holds (ASCII decimal), so a reader can size its pages without
 * decoding. One entry per batch instead of one per event is what makes the hot tier cost a few
 * Redis commands per ~100 events instead of one per event. (The writer trims by a separate index,
 * {@link HotTierKeys#index}, not by reading entries.)
 *
 * <p>Entries written before this format hold one {@link LogEvent} in field {@value #LEGACY_EVENT}
 * and no count; they are still read, and age out of the hot window by themselves (the writer's
 * index does not list them, so they are trimmed with the first entries it trims).
 */
public final class HotEntryCodec {

    /** Field of a batch entry: one {@link LogBatch} of events. */
    public static final String EVENTS = "b";
    /** Field of a batch entry: how many events it holds. */
    public static final String COUNT = "n";
    /** Field of an entry of the earlier format: one {@link LogEvent}. */
    public static final String LEGACY_EVENT = "e";

    private HotEntryCodec() {
    }

    /** The {@value #EVENTS} value of an entry holding {@code events}. */
    public static byte[] encode(List<LogEvent> events) {
        return LogBatch.newBuilder().addAllEvents(events).build().toByteArray();
    }

    /**
     * The events of one entry's body, of either format; an empty list for a body with neither field.
     *
     * @throws InvalidProtocolBufferException when the field is not the protobuf it should be
     */
    public static List<LogEvent> decode(Map<String, byte[]> body) throws InvalidProtocolBufferException {
        byte[] batch = body.get(EVENTS);
        if (batch != null) {
            return LogBatch.parseFrom(batch).getEventsList();
        }
        byte[] single = body.get(LEGACY_EVENT);
        return single == null ? List.of() : List.of(LogEvent.parseFrom(single));
    }

    /** How many events an entry holds, without decoding it: its {@value #COUNT} field, 1 for the earlier format. */
    public static int count(Map<String, byte[]> body) {
        byte[] n = body.get(COUNT);
        if (n == null) {
            return body.containsKey(LEGACY_EVENT) ? 1 : 0;
        }
        return Integer.parseInt(new String(n, StandardCharsets.US_ASCII));
    }
}
