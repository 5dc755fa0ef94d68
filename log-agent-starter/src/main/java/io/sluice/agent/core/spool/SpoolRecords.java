package io.sluice.agent.core.spool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The on-disk format of one spooled batch, big-endian:
 * {@code [magic int][payload length int][flags byte][sequence long][key length unsigned short]
 * [key UTF-8 bytes][payload bytes][CRC32C int]}. The checksum covers everything after the magic,
 * so a torn write, a flipped bit or a stale length is detected when the record is read back.
 * Flag bit 0 marks the priority lane; the other bits are reserved and ignored.
 */
final class SpoolRecords {

    static final int MAGIC = 0x534C5350; // "SLSP"
    static final int HEADER_BYTES = 4 + 4 + 1 + 8 + 2;
    static final int CHECKSUM_BYTES = 4;
    static final int OVERHEAD_BYTES = HEADER_BYTES + CHECKSUM_BYTES;
    static final int MAX_KEY_BYTES = 0xFFFF;
    private static final byte PRIORITY_FLAG = 1;

    private SpoolRecords() {
    }

    /** Total length of a record with the given key and payload sizes. */
    static long recordLength(int keyBytes, int payloadBytes) {
        return (long) OVERHEAD_BYTES + keyBytes + payloadBytes;
    }

    static byte[] keyBytes(SpooledBatch batch) {
        byte[] key = batch.idempotencyKey().getBytes(StandardCharsets.UTF_8);
        if (key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("idempotency key of " + key.length
                    + " UTF-8 bytes is longer than " + MAX_KEY_BYTES);
        }
        return key;
    }

    /**
     * Writes the record into {@code reuse} when it is large enough (else into a new buffer) and
     * returns the buffer flipped for writing to the file in one call.
     */
    static ByteBuffer encode(SpooledBatch batch, byte[] key, ByteBuffer reuse) {
        int length = (int) recordLength(key.length, batch.payload().length);
        ByteBuffer buffer = reuse != null && reuse.capacity() >= length ? reuse.clear() : ByteBuffer.allocate(length);
        buffer.putInt(MAGIC)
                .putInt(batch.payload().length)
                .put(batch.priority() ? PRIORITY_FLAG : 0)
                .putLong(batch.sequence())
                .putShort((short) key.length)
                .put(key)
                .put(batch.payload());
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 4, length - 4 - CHECKSUM_BYTES);
        buffer.putInt((int) crc.getValue());
        return buffer.flip();
    }

    /** The fixed-size start of a record, as read from a segment. */
    record Header(int magic, int payloadBytes, byte flags, long sequence, int keyBytes) {

        static Header read(ByteBuffer buffer) {
            return new Header(buffer.getInt(), buffer.getInt(), buffer.get(), buffer.getLong(),
                    Short.toUnsignedInt(buffer.getShort()));
        }

        boolean priority() {
            return (flags & PRIORITY_FLAG) != 0;
        }

        /** Why this header cannot start a record, or null when it can. */
        String problem() {
            if (magic != MAGIC) {
                return String.format("bad magic 0x%08x", magic);
            }
            if (payloadBytes < 0 || SpoolRecords.recordLength(keyBytes, payloadBytes) > Integer.MAX_VALUE) {
                return "impossible payload length " + payloadBytes;
            }
            if (sequence < 0) {
                return "impossible sequence " + sequence;
            }
            return null;
        }

        int recordLength() {
            return (int) SpoolRecords.recordLength(keyBytes, payloadBytes);
        }
    }

    /**
     * Decodes a whole record read back from a segment, checking its checksum.
     *
     * @throws SpoolCorruptionException when the record does not check out
     */
    static SpooledBatch decode(ByteBuffer record) throws SpoolCorruptionException {
        int length = record.remaining();
        if (length < OVERHEAD_BYTES) {
            throw new SpoolCorruptionException("record of " + length + " bytes is shorter than its header");
        }
        int start = record.position();
        Header header = Header.read(record.duplicate());
        String problem = header.problem();
        if (problem == null && header.recordLength() != length) {
            problem = "record length " + header.recordLength() + " differs from the indexed " + length;
        }
        if (problem != null) {
            throw new SpoolCorruptionException(problem);
        }
        CRC32C crc = new CRC32C();
        crc.update(record.duplicate().position(start + 4).limit(start + length - CHECKSUM_BYTES));
        int stored = record.getInt(start + length - CHECKSUM_BYTES);
        if ((int) crc.getValue() != stored) {
            throw new SpoolCorruptionException("CRC32C mismatch");
        }
        byte[] key = new byte[header.keyBytes()];
        byte[] payload = new byte[header.payloadBytes()];
        record.position(start + HEADER_BYTES).get(key).get(payload);
        return new SpooledBatch(header.sequence(), new String(key, StandardCharsets.UTF_8),
                header.priority(), payload);
    }
}
