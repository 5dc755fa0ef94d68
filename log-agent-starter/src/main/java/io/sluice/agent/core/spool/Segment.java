package io.sluice.agent.core.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One segment file, {@code segment-<first sequence, 20 digits>.spool}: its size, how many of its
 * records are still unacknowledged, and the sequences already acknowledged (kept so the ack log can
 * be rewritten without them getting lost). Only the newest segment of a running spool is appended
 * to; segments found at start-up are only read.
 */
final class Segment {

    private static final Pattern NAME = Pattern.compile("segment-(\\d{20})\\.spool");

    private final Path path;
    private final long baseSequence;
    private FileChannel channel;
    private boolean writable;
    private long size;
    private int records;
    private long[] acked = new long[8];
    private int ackedCount;

    Segment(Path path, long baseSequence, long size) {
        this.path = path;
        this.baseSequence = baseSequence;
        this.size = size;
    }

    /** A new, empty segment for appends, named after the first sequence it will hold. */
    static Segment create(Path dir, long baseSequence) throws IOException {
        Segment segment = new Segment(dir.resolve(fileName(baseSequence)), baseSequence, 0);
        segment.channel = FileChannel.open(segment.path, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        segment.writable = true;
        return segment;
    }

    static String fileName(long baseSequence) {
        return String.format("segment-%020d.spool", baseSequence);
    }

    /** The first sequence named by a segment file name, or -1 when the name is not a segment's. */
    static long baseSequenceOf(String fileName) {
        Matcher matcher = NAME.matcher(fileName);
        if (!matcher.matches()) {
            return -1;
        }
        try {
            return Long.parseLong(matcher.group(1));
        } catch (NumberFormatException tooLarge) {
            return -1;
        }
    }

    Path path() {
        return path;
    }

    long baseSequence() {
        return baseSequence;
    }

    long size() {
        return size;
    }

    int records() {
        return records;
    }

    boolean fullyAcknowledged() {
        return ackedCount == records;
    }

    /** Appends one encoded record with a single write; returns its offset. */
    long append(ByteBuffer record, boolean force) throws IOException {
        long offset = size;
        try {
            long position = offset;
            while (record.hasRemaining()) {
                position += channel.write(record, position);
            }
            if (force) {
                channel.force(false);
            }
        } catch (IOException e) {
            // Leave no partial record behind: later appends must never follow garbage.
            try {
                channel.truncate(offset);
            } catch (IOException truncation) {
                e.addSuppressed(truncation);
            }
            throw e;
        }
        size = offset + record.limit();
        records++;
        return offset;
    }

    /** Counts a record found while recovering the file. */
    void recovered() {
        records++;
    }

    void truncate(long length) throws IOException {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.WRITE)) {
            file.truncate(length);
            file.force(true);
        }
        size = length;
    }

    /** Reads {@code length} bytes at {@code offset}. */
    ByteBuffer read(long offset, int length) throws IOException {
        if (channel == null) {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        long position = offset;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position);
            if (read < 0) {
                throw new SpoolCorruptionException("file ends " + buffer.remaining() + " bytes early");
            }
            position += read;
        }
        return buffer.flip();
    }

    void acknowledged(long sequence) {
        if (ackedCount == acked.length) {
            acked = Arrays.copyOf(acked, acked.length * 2);
        }
        acked[ackedCount++] = sequence;
    }

    int ackedCount() {
        return ackedCount;
    }

    long ackedSequence(int index) {
        return acked[index];
    }

    boolean writable() {
        return writable;
    }

    /** Forces the appended records to the device and stops appending to this segment. */
    void seal() throws IOException {
        if (writable) {
            writable = false;
            channel.force(false);
        }
    }

    void force() throws IOException {
        if (writable) {
            channel.force(false);
        }
    }

    void close() throws IOException {
        writable = false;
        if (channel != null) {
            FileChannel open = channel;
            channel = null;
            open.close();
        }
    }
}
