package io.sluice.ingest.buffer;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.sluice.common.event.EventIds;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes the shard parts of one batch as {@link LogBatch} messages, byte for byte what building
 * each part with {@code toBuilder().setId(id).setTenant(tenant)} and {@code toByteArray()} gives,
 * without copying any event: an event is written from the bytes it arrived in when
 * {@link ReceivedEvents} has them, else by its own {@code writeTo} (its size computed once and
 * memoised by protobuf), followed by its id (field 7) and tenant (field 8). Events whose layout
 * would not allow that (id, tenant or parsed fields already set, or unknown fields, which protobuf
 * writes after field 9) take the builder path. Ids are drawn for the whole batch in event order,
 * as before. One per batch; not thread-safe.
 */
final class PartEncoder {

    private static final int ID_LENGTH = 32;
    private static final int EVENTS_TAG = tag(LogBatch.EVENTS_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int KEY_TAG = tag(LogBatch.IDEMPOTENCY_KEY_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int ID_TAG = tag(LogEvent.ID_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int TENANT_TAG = tag(LogEvent.TENANT_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);

    private final List<LogEvent> events;
    private final ReceivedEvents received;
    private final String tenant;
    private final byte[] tenantBytes;
    private final byte[] keyBytes;
    private final byte[] ids;
    /** Bytes of the id and tenant fields appended to every event. */
    private final int tail;

    PartEncoder(List<LogEvent> events, ReceivedEvents received, String tenant, String idempotencyKey) {
        this.events = events;
        this.received = received;
        this.tenant = tenant;
        this.tenantBytes = tenant.getBytes(StandardCharsets.UTF_8);
        this.keyBytes = idempotencyKey.getBytes(StandardCharsets.UTF_8);
        this.ids = new byte[events.size() * ID_LENGTH];
        this.tail = 2 + ID_LENGTH + (tenantBytes.length == 0 ? 0
                : 1 + CodedOutputStream.computeUInt32SizeNoTag(tenantBytes.length) + tenantBytes.length);
        EventIds.Batch batch = EventIds.batch();
        for (int i = 0; i < events.size(); i++) {
            batch.next(ids, i * ID_LENGTH);
        }
    }

    /** The LogBatch bytes of the events at {@code positions[0, count)} (positions in the batch, ascending). */
    byte[] encode(int[] positions, int count) {
        LogEvent[] slow = null;
        int size = 0;
        for (int k = 0; k < count; k++) {
            int i = positions[k];
            int body;
            if (received.length(i) >= 0) {
                body = received.length(i) + tail;
            } else if (isPlain(events.get(i))) {
                body = events.get(i).getSerializedSize() + tail;
            } else {
                if (slow == null) {
                    slow = new LogEvent[count];
                }
                slow[k] = events.get(i).toBuilder().setId(id(i)).setTenant(tenant).build();
                body = slow[k].getSerializedSize();
            }
            size += CodedOutputStream.computeUInt32SizeNoTag(EVENTS_TAG) + CodedOutputStream.computeUInt32SizeNoTag(body) + body;
        }
        if (keyBytes.length > 0) {
            size += CodedOutputStream.computeUInt32SizeNoTag(KEY_TAG) + CodedOutputStream.computeUInt32SizeNoTag(keyBytes.length)
                    + keyBytes.length;
        }
        byte[] out = new byte[size];
        CodedOutputStream output = CodedOutputStream.newInstance(out);
        try {
            for (int k = 0; k < count; k++) {
                write(output, positions[k], slow == null ? null : slow[k]);
            }
            if (keyBytes.length > 0) {
                output.writeUInt32NoTag(KEY_TAG);
                output.writeUInt32NoTag(keyBytes.length);
                output.writeRawBytes(keyBytes);
            }
            output.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private void write(CodedOutputStream output, int i, LogEvent rebuilt) throws IOException {
        output.writeUInt32NoTag(EVENTS_TAG);
        if (rebuilt != null) {
            output.writeUInt32NoTag(rebuilt.getSerializedSize());
            rebuilt.writeTo(output);
            return;
        }
        int length = received.length(i);
        if (length >= 0) {
            output.writeUInt32NoTag(length + tail);
            output.writeRawBytes(received.bytes(), received.offset(i), length);
        } else {
            LogEvent event = events.get(i);
            output.writeUInt32NoTag(event.getSerializedSize() + tail);
            event.writeTo(output);
        }
        output.writeUInt32NoTag(ID_TAG);
        output.writeUInt32NoTag(ID_LENGTH);
        output.writeRawBytes(ids, i * ID_LENGTH, ID_LENGTH);
        if (tenantBytes.length > 0) {
            output.writeUInt32NoTag(TENANT_TAG);
            output.writeUInt32NoTag(tenantBytes.length);
            output.writeRawBytes(tenantBytes);
        }
    }

    /** Whether the id and tenant fields can simply follow the event's own bytes. */
    private static boolean isPlain(LogEvent event) {
        return event.getId().isEmpty() && event.getTenant().isEmpty() && event.getFieldsJson().isEmpty()
                && event.getUnknownFields().asMap().isEmpty();
    }

    private String id(int i) {
        return new String(ids, i * ID_LENGTH, ID_LENGTH, StandardCharsets.US_ASCII);
    }

    private static int tag(int field, int wireType) {
        return field << 3 | wireType;
    }
}
