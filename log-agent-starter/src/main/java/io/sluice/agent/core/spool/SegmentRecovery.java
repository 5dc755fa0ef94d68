package io.sluice.agent.core.spool;

import io.sluice.agent.core.AgentDiagnostics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads a segment file left by an earlier run record by record, checking each checksum, and hands
 * the intact records to a sink. At a torn or corrupt record (bad magic, impossible length, short
 * read, CRC32C mismatch) it warns with the file and offset and looks further on for the next
 * intact record, so one flipped bit costs one batch, not the rest of the segment. When nothing
 * intact follows, the bad tail is cut off the file.
 */
final class SegmentRecovery {

    private static final int CHUNK_BYTES = 64 * 1024;

    /** Receives each intact record; answers whether the spool keeps it. */
    @FunctionalInterface
    interface Sink {
        boolean record(Segment segment, long offset, int length, long sequence, boolean priority);
    }

    private final AgentDiagnostics diagnostics;
    private final ByteBuffer header = ByteBuffer.allocate(SpoolRecords.HEADER_BYTES);
    private final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES);
    private final ByteBuffer search = ByteBuffer.allocate(CHUNK_BYTES);
    private final ByteBuffer checksum = ByteBuffer.allocate(SpoolRecords.CHECKSUM_BYTES);
    private SpoolRecords.Header current;

    SegmentRecovery(AgentDiagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** Scans {@code file}; the returned segment's size is that of the file after any cut. */
    Segment recover(Path file, long baseSequence, Sink sink) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            Segment segment = new Segment(file, baseSequence, fileSize);
            long offset = 0;
            while (offset < fileSize) {
                String problem = problemAt(channel, offset, fileSize);
                if (problem == null) {
                    if (sink.record(segment, offset, current.recordLength(), current.sequence(), current.priority())) {
                        segment.recovered();
                    }
                    offset += current.recordLength();
                    continue;
                }
                long next = nextIntactRecord(channel, offset + 1, fileSize);
                if (next < 0) {
                    cutTail(segment, offset, fileSize, problem);
                    break;
                }
                diagnostics.warn("sluice spool: " + file + " at offset " + offset + ": " + problem
                        + "; skipped " + (next - offset) + " bytes up to the next intact record at offset "
                        + next, null);
                offset = next;
            }
            return segment;
        }
    }

    /** Why no intact record starts at {@code offset}, or null (then {@link #current} is its header). */
    private String problemAt(FileChannel channel, long offset, long fileSize) throws IOException {
        long remaining = fileSize - offset;
        if (remaining < SpoolRecords.OVERHEAD_BYTES) {
            return "torn record (only " + remaining + " bytes left)";
        }
        readFully(channel, header.clear(), offset);
        current = SpoolRecords.Header.read(header.flip());
        String problem = current.problem();
        if (problem != null) {
            return problem;
        }
        int length = current.recordLength();
        if (length > remaining) {
            return "torn record (" + length + " bytes long, only " + remaining + " bytes left)";
        }
        if (!checksumMatches(channel, offset, length)) {
            return "CRC32C mismatch";
        }
        return null;
    }

    /** The offset of the first intact record at or after {@code from}, or -1 when there is none. */
    private long nextIntactRecord(FileChannel channel, long from, long fileSize) throws IOException {
        long last = fileSize - SpoolRecords.OVERHEAD_BYTES;
        for (long base = from; base <= last; base += search.capacity() - 3) {
            search.clear().limit((int) Math.min(search.capacity(), fileSize - base));
            readFully(channel, search, base);
            search.flip();
            for (int i = 0; i + 4 <= search.limit() && base + i <= last; i++) {
                if (search.getInt(i) == SpoolRecords.MAGIC && problemAt(channel, base + i, fileSize) == null) {
                    return base + i;
                }
            }
        }
        return -1;
    }

    private void cutTail(Segment segment, long offset, long fileSize, String problem) {
        String where = "sluice spool: " + segment.path() + " at offset " + offset + ": " + problem;
        try {
            segment.truncate(offset);
            diagnostics.warn(where + "; skipped the last " + (fileSize - offset)
                    + " bytes of the segment, the records before them are kept", null);
        } catch (IOException e) {
            diagnostics.warn(where + "; could not cut the segment there, the records before it are kept", e);
        }
    }

    private boolean checksumMatches(FileChannel channel, long offset, int length) throws IOException {
        CRC32C crc = new CRC32C();
        long position = offset + 4;
        long end = offset + length - SpoolRecords.CHECKSUM_BYTES;
        while (position < end) {
            int size = (int) Math.min(CHUNK_BYTES, end - position);
            readFully(channel, chunk.clear().limit(size), position);
            crc.update(chunk.flip());
            position += size;
        }
        readFully(channel, checksum.clear(), end);
        return (int) crc.getValue() == checksum.flip().getInt();
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new SpoolCorruptionException("unexpected end of file at " + at);
            }
            at += read;
        }
    }
}
