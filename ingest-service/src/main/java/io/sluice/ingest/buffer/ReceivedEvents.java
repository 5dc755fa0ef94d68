package io.sluice.ingest.buffer;

import io.sluice.common.proto.ingest.v1.LogEvent;
import java.util.List;

/**
 * The protobuf bytes a request's events arrived in, so that {@link BufferWriter} stores them as
 * they are instead of encoding the same events again (for a batch from the agent, one service and
 * host, that encoding was the largest single cost of ingest). Slot {@code i} holds event
 * {@code i}'s bytes only when they are exactly what {@code LogEvent.toByteArray()} gives for the
 * parsed event: fields 1–6 each at most once, in field order, none holding its default value,
 * lengths as shortest varints, no other fields. Other events (and every event when bytes are
 * unknown, {@link #NONE}) are encoded from their parsed form, so what is stored is the same
 * either way. Immutable.
 */
public final class ReceivedEvents {

    /** No received bytes: every event is encoded. */
    public static final ReceivedEvents NONE = new ReceivedEvents(new byte[0], new int[0], new int[0]);

    private static final int WIRE_VARINT = 0;
    private static final int WIRE_FIXED64 = 1;
    private static final int WIRE_LENGTH_DELIMITED = 2;
    private static final int WIRE_FIXED32 = 5;

    private final byte[] bytes;
    private final int[] offsets;
    private final int[] lengths;

    private ReceivedEvents(byte[] bytes, int[] offsets, int[] lengths) {
        this.bytes = bytes;
        this.offsets = offsets;
        this.lengths = lengths;
    }

    /**
     * The events of {@code logBatch}, the bytes of a {@code LogBatch} message that parsed into
     * {@code events} events; {@link #NONE} when its layout is not the one expected (then nothing is
     * passed through).
     */
    public static ReceivedEvents ofLogBatch(byte[] logBatch, int events) {
        int[] offsets = new int[events];
        int[] lengths = new int[events];
        int found = 0;
        int pos = 0;
        while (pos < logBatch.length) {
            long tag = varint(logBatch, pos, logBatch.length);
            if (tag < 0) {
                return NONE;
            }
            pos = (int) (tag >>> 32);
            int field = (int) tag >>> 3;
            int wire = (int) tag & 7;
            if (field == 1 && wire == WIRE_LENGTH_DELIMITED) {
                long length = varint(logBatch, pos, logBatch.length);
                if (length < 0 || found == events) {
                    return NONE;
                }
                int start = (int) (length >>> 32);
                int size = (int) length;
                if (size < 0 || start + size > logBatch.length) {
                    return NONE;
                }
                offsets[found] = start;
                lengths[found] = isCanonicalEvent(logBatch, start, start + size) ? size : -1;
                found++;
                pos = start + size;
            } else {
                pos = skip(logBatch, pos, wire);
                if (pos < 0) {
                    return NONE;
                }
            }
        }
        return found == events ? new ReceivedEvents(logBatch, offsets, lengths) : NONE;
    }

    /**
     * The received bytes of the accepted events of a request, by their position in
     * {@code accepted}: an event keeps its bytes only when validation kept it as it arrived (the
     * same instance as {@code request.get(index)}), so a normalised event is encoded afresh.
     */
    public ReceivedEvents forAccepted(List<LogEvent> request, List<LogEvent> accepted, int[] acceptedIndexes) {
        if (this == NONE) {
            return NONE;
        }
        int[] acceptedOffsets = new int[accepted.size()];
        int[] acceptedLengths = new int[accepted.size()];
        for (int i = 0; i < accepted.size(); i++) {
            int index = acceptedIndexes[i];
            acceptedOffsets[i] = offsets[index];
            acceptedLengths[i] = accepted.get(i) == request.get(index) ? lengths[index] : -1;
        }
        return new ReceivedEvents(bytes, acceptedOffsets, acceptedLengths);
    }

    /** The received (canonical) length of event {@code i}, or -1 when it has to be encoded. */
    public int length(int i) {
        return i < lengths.length ? lengths[i] : -1;
    }

    int offset(int i) {
        return offsets[i];
    }

    byte[] bytes() {
        return bytes;
    }

    /** Whether {@code [from, to)} holds fields 1 (non-zero varint) and 2–6 (non-empty strings) in order, each at most once. */
    private static boolean isCanonicalEvent(byte[] b, int from, int to) {
        int pos = from;
        int last = 0;
        while (pos < to) {
            int tag = b[pos++];
            int field = tag >>> 3;
            int wire = tag & 7;
            if (tag < 0 || field <= last || field > 6) {
                return false;
            }
            last = field;
            long value = varint(b, pos, to);
            if (value < 0 || !isShortest(b, pos, (int) (value >>> 32))) {
                return false;
            }
            int end = (int) (value >>> 32);
            if (field == 1) {
                if (wire != WIRE_VARINT || (end - pos == 1 && b[pos] == 0)) {
                    return false;
                }
                pos = end;
            } else {
                int length = (int) value;
                if (wire != WIRE_LENGTH_DELIMITED || length <= 0 || end + length > to) {
                    return false;
                }
                pos = end + length;
            }
        }
        return pos == to;
    }

    /** Whether the varint in {@code [from, end)} has no superfluous trailing zero group. */
    private static boolean isShortest(byte[] b, int from, int end) {
        return end - from == 1 || b[end - 1] != 0;
    }

    /**
     * The varint at {@code pos}: its end position in the upper 32 bits and its low 32 bits below
     * (values over 32 bits keep only those: enough for lengths and tags, and field 1 only needs
     * its end and whether it is zero); -1 when it runs past {@code limit} or over 10 bytes.
     */
    private static long varint(byte[] b, int pos, int limit) {
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos >= limit) {
                return -1;
            }
            byte next = b[pos++];
            if (shift < 32) {
                value |= (long) (next & 0x7F) << shift;
            }
            if (next >= 0) {
                return ((long) pos << 32) | (value & 0xFFFF_FFFFL);
            }
        }
        return -1;
    }

    private static int skip(byte[] b, int pos, int wire) {
        switch (wire) {
            case WIRE_VARINT -> {
                long v = varint(b, pos, b.length);
                return v < 0 ? -1 : (int) (v >>> 32);
            }
            case WIRE_FIXED64 -> {
                return pos + 8 <= b.length ? pos + 8 : -1;
            }
            case WIRE_LENGTH_DELIMITED -> {
                long v = varint(b, pos, b.length);
                if (v < 0) {
                    return -1;
                }
                int end = (int) (v >>> 32) + (int) v;
                return (int) v >= 0 && end <= b.length ? end : -1;
            }
            case WIRE_FIXED32 -> {
                return pos + 4 <= b.length ? pos + 4 : -1;
            }
            default -> {
                return -1;
            }
        }
    }
}
