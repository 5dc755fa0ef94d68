package io.sluice.agent.core.spool;

import io.sluice.agent.core.AgentDiagnostics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The append-only log {@code acks.log} of acknowledged sequences: fixed 16-byte records
 * {@code [magic int][sequence long][CRC32C int over the sequence]}. Acknowledgements can arrive out
 * of order (the priority lane overtakes), so the log holds sequences rather than a single
 * watermark. It is rewritten, through a temporary file renamed over it, to just the
 * acknowledgements still needed whenever it has grown mostly stale. Fixed-size records make a
 * damaged record easy to step over: it is skipped with a warning and its batch is sent again,
 * which ingest de-duplicates.
 */
final class AckLog implements AutoCloseable {

    static final String FILE_NAME = "acks.log";
    private static final String TEMP_NAME = "acks.log.tmp";
    private static final int MAGIC = 0x534C4B41; // "SLKA"
    static final int RECORD_BYTES = 16;

    private final Path path;
    private final Path temp;
    private final ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES);
    private FileChannel channel;
    private long size;

    private AckLog(Path dir) {
        this.path = dir.resolve(FILE_NAME);
        this.temp = dir.resolve(TEMP_NAME);
    }

    /** Opens the log in {@code dir}, adding the sequences it acknowledges to {@code acknowledged}. */
    static AckLog open(Path dir, AgentDiagnostics diagnostics, Set<Long> acknowledged) throws IOException {
        AckLog log = new AckLog(dir);
        Files.deleteIfExists(log.temp);
        if (Files.exists(log.path)) {
            acknowledged.addAll(read(log.path, diagnostics));
        }
        log.reopen();
        return log;
    }

    private static Set<Long> read(Path path, AgentDiagnostics diagnostics) throws IOException {
        Set<Long> sequences = new HashSet<>();
        long damaged = 0;
        long firstDamage = -1;
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            long whole = file.size() - file.size() % RECORD_BYTES;
            ByteBuffer buffer = ByteBuffer.allocate(RECORD_BYTES * 4096);
            for (long position = 0; position < whole; position += buffer.limit()) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), whole - position));
                readFully(file, buffer, position);
                buffer.flip();
                while (buffer.hasRemaining()) {
                    long at = position + buffer.position();
                    int magic = buffer.getInt();
                    long sequence = buffer.getLong();
                    int crc = buffer.getInt();
                    if (magic == MAGIC && crc == checksum(sequence)) {
                        sequences.add(sequence);
                    } else {
                        damaged++;
                        firstDamage = firstDamage < 0 ? at : firstDamage;
                    }
                }
            }
            long torn = file.size() - whole;
            if (damaged > 0 || torn > 0) {
                diagnostics.warn("sluice spool: " + path + ": skipped " + damaged + " damaged ack records"
                        + (firstDamage >= 0 ? " (first at offset " + firstDamage + ")" : "")
                        + (torn > 0 ? " and a torn tail of " + torn + " bytes at offset " + whole : "")
                        + "; batches whose acknowledgement was lost are sent again and ingest"
                        + " de-duplicates them", null);
            }
        }
        return sequences;
    }

    private static void readFully(FileChannel file, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = file.read(buffer, at);
            if (read < 0) {
                throw new IOException("acks.log ended early at " + at);
            }
            at += read;
        }
    }

    private static int checksum(long sequence) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(Long.BYTES).putLong(0, sequence));
        return (int) crc.getValue();
    }

    private void encode(ByteBuffer buffer, long sequence) {
        buffer.putInt(MAGIC).putLong(sequence).putInt(checksum(sequence));
    }

    /** Appends one acknowledgement with a single write. */
    void append(long sequence, boolean force) throws IOException {
        encode(record.clear(), sequence);
        record.flip();
        long position = size;
        while (record.hasRemaining()) {
            position += channel.write(record, position);
        }
        size = position;
        if (force) {
            channel.force(false);
        }
    }

    long records() {
        return size / RECORD_BYTES;
    }

    /**
     * Replaces the log with the first {@code count} of {@code sequences}: written to a temporary
     * file then renamed over the log, so a crash of the process leaves either the old or the new
     * log. With {@code force} the new log and the rename are forced to the device first; without,
     * a power cut can cost acknowledgements, which means resends that ingest de-duplicates.
     */
    void rewrite(long[] sequences, int count, boolean force) throws IOException {
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(RECORD_BYTES * 1024);
            for (int i = 0; i < count; i++) {
                encode(buffer, sequences[i]);
                if (!buffer.hasRemaining() || i == count - 1) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                    buffer.clear();
                }
            }
            if (force) {
                out.force(true);
            }
        }
        channel.close();
        try {
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            reopen();
        }
        if (force) {
            forceDirectory(path.getParent());
        }
    }

    private void reopen() throws IOException {
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        size = channel.size() - channel.size() % RECORD_BYTES;
    }

    /** Makes a rename or a new file durable where the platform allows forcing a directory. */
    static void forceDirectory(Path dir) {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // Not every platform can open a directory; the rename itself is still atomic.
        }
    }

    void force() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
