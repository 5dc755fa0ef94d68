package io.sluice.agent.core.spool;

import io.sluice.agent.core.AgentDiagnostics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Append-only, checksummed segment files of not-yet-acknowledged batches. One owner thread.
 *
 * <p>Batches are appended to {@code segment-<first sequence>.spool} files (format in
 * {@link SpoolRecords}), rolling over at {@link SpoolConfig#segmentBytes()}, and acknowledged in
 * {@code acks.log} ({@link AckLog}). {@link #next()} returns the oldest unacknowledged batch of
 * the priority lane, else of the normal lane, so acknowledgements can come out of order; a
 * segment is deleted once every record in it is acknowledged. Only an index of the pending
 * batches is held in memory; payloads are read back from disk when due.
 *
 * <p>{@link #open} recovers after a crash or kill -9: it rebuilds the index from the segments and
 * the ack log, so delivery resumes after the last acknowledged batch. A torn or corrupt record is
 * skipped with a warning through {@link AgentDiagnostics} naming the file and offset; reading
 * resumes at the next intact record, a bad tail is cut off the file, and new appends always go to
 * a fresh segment, so damage never wedges the spool. A lock on {@code spool.lock} keeps a second
 * live agent out.
 *
 * <p>All methods except {@link #bytesUsed()} and {@link #pendingBatches()} (safe to read from
 * any thread, for metrics) must be called from the owner thread.
 */
public final class DiskSpool implements AutoCloseable {

    private static final long ACK_LOG_COMPACTION_MIN_RECORDS = 1_024;
    private static final int KEPT_WRITE_BUFFER_BYTES = 1 << 20;

    private final Path dir;
    private final SpoolConfig config;
    private final AgentDiagnostics diagnostics;
    private final SpoolLock lock;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private final TreeMap<Long, SpoolEntry> priorityLane = new TreeMap<>();
    private final TreeMap<Long, SpoolEntry> normalLane = new TreeMap<>();
    private AckLog ackLog;
    private Segment active;
    private Segment reading;
    private long lastSequence = -1;
    private long liveAcks;
    private ByteBuffer writeBuffer;
    private SpooledBatch head;
    private boolean closed;
    private volatile long bytesUsed;
    private volatile int pendingBatches;

    private DiskSpool(Path dir, SpoolConfig config, AgentDiagnostics diagnostics, SpoolLock lock) {
        this.dir = dir;
        this.config = config;
        this.diagnostics = diagnostics;
        this.lock = lock;
    }

    /**
     * Opens (creating it if needed) and locks the spool in {@code dir}, recovering what an earlier
     * run left there. Corrupt data never makes this fail; it is skipped with a warning.
     *
     * @throws IOException when the directory cannot be created or written, is locked by another
     *     live agent, or its files cannot be read at all
     */
    public static DiskSpool open(Path dir, SpoolConfig config, AgentDiagnostics diagnostics) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(diagnostics, "diagnostics");
        Path directory = dir.toAbsolutePath();
        prepare(directory);
        SpoolLock lock = SpoolLock.acquire(directory);
        DiskSpool spool = new DiskSpool(directory, config, diagnostics, lock);
        try {
            spool.recover();
            return spool;
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw e;
        }
    }

    private static void prepare(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot create spool directory " + dir + ": " + e, e);
        }
        if (!Files.isWritable(dir)) {
            throw new IOException("spool directory " + dir + " is not writable");
        }
    }

    private void recover() throws IOException {
        Set<Long> acknowledged = new HashSet<>();
        ackLog = AckLog.open(dir, diagnostics, acknowledged);
        SegmentRecovery recovery = new SegmentRecovery(diagnostics);
        for (Map.Entry<Long, Path> file : segmentFiles().entrySet()) {
            recoverSegment(recovery, file.getValue(), file.getKey(), acknowledged);
        }
        if (ackLog.records() != liveAcks) {
            compactAckLog();
        }
    }

    private TreeMap<Long, Path> segmentFiles() throws IOException {
        TreeMap<Long, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path file : entries) {
                long base = Segment.baseSequenceOf(file.getFileName().toString());
                if (base >= 0 && Files.isRegularFile(file)) {
                    files.put(base, file);
                }
            }
        }
        return files;
    }

    private void recoverSegment(SegmentRecovery recovery, Path file, long base, Set<Long> acknowledged) {
        List<SpoolEntry> found = new ArrayList<>();
        long[] last = {lastSequence};
        Segment segment;
        try {
            segment = recovery.recover(file, base, (in, offset, length, sequence, priority) -> {
                if (sequence <= last[0]) {
                    diagnostics.warn("sluice spool: " + file + " at offset " + offset + ": sequence "
                            + sequence + " is not after " + last[0] + "; skipped that record", null);
                    return false;
                }
                last[0] = sequence;
                found.add(new SpoolEntry(in, offset, length, sequence, priority));
                return true;
            });
        } catch (IOException e) {
            diagnostics.warn("sluice spool: cannot read segment " + file + "; left it untouched and skipped it", e);
            return;
        }
        lastSequence = last[0];
        segments.put(base, segment);
        bytesUsed += segment.size();
        for (SpoolEntry entry : found) {
            if (acknowledged.contains(entry.sequence())) {
                segment.acknowledged(entry.sequence());
                liveAcks++;
            } else {
                lane(entry.priority()).put(entry.sequence(), entry);
                pendingBatches++;
            }
        }
        if (segment.fullyAcknowledged()) {
            delete(segment);
        }
    }

    /**
     * Appends {@code batch} with a single write (forced when {@link SpoolConfig#fsync()}).
     * Sequences must increase from append to append, also across restarts: continue numbering
     * after {@link #lastSequence()}.
     *
     * @return false, with nothing written, when the batch would take the spool over its quota or
     *     the write failed (reported through the diagnostics)
     * @throws IllegalArgumentException when the sequence is not after {@link #lastSequence()} or
     *     the idempotency key is longer than 65,535 UTF-8 bytes
     */
    public boolean append(SpooledBatch batch) {
        requireOpen();
        if (batch.sequence() <= lastSequence) {
            throw new IllegalArgumentException("sequence " + batch.sequence()
                    + " is not after the last spooled sequence " + lastSequence);
        }
        byte[] key = SpoolRecords.keyBytes(batch);
        long length = SpoolRecords.recordLength(key.length, batch.payload().length);
        if (bytesUsed + length > config.maxBytes() && active != null && active.fullyAcknowledged()) {
            retire(active);
        }
        if (length > Integer.MAX_VALUE || bytesUsed + length > config.maxBytes()) {
            return false;
        }
        Segment target = null;
        try {
            target = segmentFor(length, batch.sequence());
            ByteBuffer record = SpoolRecords.encode(batch, key, writeBuffer);
            writeBuffer = record.capacity() <= KEPT_WRITE_BUFFER_BYTES ? record : writeBuffer;
            long offset = target.append(record, config.fsync());
            lane(batch.priority()).put(batch.sequence(),
                    new SpoolEntry(target, offset, (int) length, batch.sequence(), batch.priority()));
        } catch (IOException e) {
            diagnostics.warn("sluice spool: cannot append batch " + batch.sequence() + " to "
                    + (target == null ? dir : target.path()) + "; not spooled", e);
            if (target != null) {
                active = null;
                retire(target);
            }
            return false;
        }
        lastSequence = batch.sequence();
        bytesUsed += length;
        pendingBatches++;
        return true;
    }

    private Segment segmentFor(long length, long sequence) throws IOException {
        if (active != null && active.size() > 0 && active.size() + length > config.segmentBytes()) {
            retire(active);
        }
        if (active == null) {
            active = Segment.create(dir, sequence);
            segments.put(sequence, active);
            if (config.fsync()) {
                AckLog.forceDirectory(dir);
            }
        }
        return active;
    }

    /** Stops appending to {@code segment}; deletes it when nothing in it is pending. */
    private void retire(Segment segment) {
        if (segment == active) {
            active = null;
        }
        try {
            segment.seal();
        } catch (IOException e) {
            diagnostics.warn("sluice spool: cannot force " + segment.path() + " to disk", e);
        }
        if (segment.fullyAcknowledged()) {
            delete(segment);
        } else {
            closeQuietly(segment::close, "segment " + segment.path());
        }
    }

    /**
     * The oldest unacknowledged batch of the priority lane, else of the normal lane; it stays in
     * the spool until {@link #ack acknowledged}. A batch that cannot be read back (its bytes were
     * damaged after they were written) is skipped with a warning.
     */
    public Optional<SpooledBatch> next() {
        requireOpen();
        while (true) {
            Map.Entry<Long, SpoolEntry> first = (priorityLane.isEmpty() ? normalLane : priorityLane).firstEntry();
            if (first == null) {
                return Optional.empty();
            }
            SpoolEntry entry = first.getValue();
            if (head != null && head.sequence() == entry.sequence()) {
                return Optional.of(head);
            }
            switchReading(entry.segment());
            try {
                SpooledBatch batch = SpoolRecords.decode(entry.segment().read(entry.offset(), entry.length()));
                if (batch.sequence() != entry.sequence()) {
                    throw new SpoolCorruptionException("it holds sequence " + batch.sequence());
                }
                head = batch;
                return Optional.of(batch);
            } catch (IOException e) {
                diagnostics.warn("sluice spool: " + entry.segment().path() + " at offset " + entry.offset()
                        + ": batch " + entry.sequence() + " cannot be read back (" + e.getMessage()
                        + "); skipped", e instanceof SpoolCorruptionException ? null : e);
                ack(entry.sequence());
            }
        }
    }

    /**
     * Keeps at most one file open for reading besides the one being appended to, however many
     * segments a long outage leaves behind.
     */
    private void switchReading(Segment segment) {
        if (reading != null && reading != segment && reading != active) {
            closeQuietly(reading::close, "segment " + reading.path());
        }
        reading = segment;
    }

    /**
     * Records that the batch {@code sequence} was delivered, so it is never returned again, not
     * even after a restart; deletes its segment when that was the segment's last pending batch.
     * Unknown or already acknowledged sequences are ignored.
     */
    public void ack(long sequence) {
        requireOpen();
        SpoolEntry entry = priorityLane.remove(sequence);
        if (entry == null) {
            entry = normalLane.remove(sequence);
        }
        if (entry == null) {
            return;
        }
        if (head != null && head.sequence() == sequence) {
            head = null;
        }
        pendingBatches--;
        try {
            ackLog.append(sequence, config.fsync());
        } catch (IOException e) {
            diagnostics.warn("sluice spool: cannot record the acknowledgement of batch " + sequence
                    + "; after a restart it is sent again (ingest de-duplicates it)", e);
        }
        Segment segment = entry.segment();
        segment.acknowledged(sequence);
        liveAcks++;
        if (segment.fullyAcknowledged() && segment != active) {
            delete(segment);
        }
        if (ackLog.records() >= ACK_LOG_COMPACTION_MIN_RECORDS && ackLog.records() > 2 * liveAcks) {
            compactAckLog();
        }
    }

    private void delete(Segment segment) {
        try {
            segment.close();
            Files.deleteIfExists(segment.path());
        } catch (IOException e) {
            diagnostics.warn("sluice spool: cannot delete the fully acknowledged segment " + segment.path()
                    + "; it is deleted when the spool is next opened", e);
            return;
        }
        segments.remove(segment.baseSequence());
        if (reading == segment) {
            reading = null;
        }
        liveAcks -= segment.ackedCount();
        bytesUsed -= segment.size();
    }

    /** Rewrites the ack log to the acknowledgements of records still on disk. */
    private void compactAckLog() {
        long[] sequences = new long[(int) liveAcks];
        int count = 0;
        for (Segment segment : segments.values()) {
            for (int i = 0; i < segment.ackedCount(); i++) {
                sequences[count++] = segment.ackedSequence(i);
            }
        }
        try {
            ackLog.rewrite(sequences, count, config.fsync());
        } catch (IOException e) {
            diagnostics.warn("sluice spool: cannot rewrite " + dir.resolve(AckLog.FILE_NAME)
                    + "; it keeps growing until the next attempt", e);
        }
    }

    private TreeMap<Long, SpoolEntry> lane(boolean priority) {
        return priority ? priorityLane : normalLane;
    }

    /** Bytes of the segment files on disk, counted against {@link SpoolConfig#maxBytes()}. */
    public long bytesUsed() {
        return bytesUsed;
    }

    /** Batches appended (now or by an earlier run) and not yet acknowledged. */
    public int pendingBatches() {
        return pendingBatches;
    }

    /**
     * The highest sequence appended since open or found on disk, or -1 when there is none; the
     * next append must carry a larger one.
     */
    public long lastSequence() {
        return lastSequence;
    }

    /**
     * Forces appended data to disk and releases the files and the directory lock. Idempotent;
     * failures are reported through the diagnostics.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (active != null) {
            retire(active);
        }
        for (Segment segment : segments.values()) {
            closeQuietly(segment::close, "segment " + segment.path());
        }
        if (ackLog != null) {
            if (config.fsync()) {
                closeQuietly(ackLog::force, dir.resolve(AckLog.FILE_NAME).toString());
            }
            closeQuietly(ackLog::close, dir.resolve(AckLog.FILE_NAME).toString());
        }
        closeQuietly(lock::close, dir.resolve(SpoolLock.FILE_NAME).toString());
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private void closeQuietly(IoAction action, String what) {
        try {
            action.run();
        } catch (IOException e) {
            diagnostics.warn("sluice spool: cannot close " + what, e);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("spool " + dir + " is closed");
        }
    }
}
