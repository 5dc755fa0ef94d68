package io.sluice.agent.core.spool;

import static io.sluice.agent.core.spool.Spools.batch;
import static io.sluice.agent.core.spool.Spools.drain;
import static io.sluice.agent.core.spool.Spools.segmentBytesOnDisk;
import static io.sluice.agent.core.spool.Spools.segmentFiles;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link DiskSpool#open} does with files damaged by a crash, a full disk or bit rot. */
class SpoolRecoveryTest {

    /** Three 332-byte records of batch(n, 300) fit in a segment. */
    private static final SpoolConfig SMALL_SEGMENTS = new SpoolConfig(1 << 20, 1_000, false);
    private static final int RECORD = 23 + "agent-1:1".length() + 300;

    @TempDir
    Path dir;

    private final RecordedWarnings warnings = new RecordedWarnings();

    private DiskSpool open() throws IOException {
        return DiskSpool.open(dir, SMALL_SEGMENTS, warnings);
    }

    private void spool(long... sequences) throws IOException {
        try (DiskSpool spool = open()) {
            for (long sequence : sequences) {
                assertThat(spool.append(batch(sequence, 300))).isTrue();
            }
        }
    }

    @Test
    void skipsATornTailWithAWarningAndKeepsTheRecordsBeforeIt() throws IOException {
        spool(1, 2);
        Path segment = segmentFiles(dir).get(0);
        truncate(segment, RECORD + RECORD / 2);

        try (DiskSpool spool = open()) {
            assertThat(warnings.messages()).singleElement().asString()
                    .contains(segment.toString(), "at offset " + RECORD, "torn record");
            assertThat(Files.size(segment)).isEqualTo(RECORD);
            assertThat(spool.next()).contains(batch(1, 300));
            spool.append(batch(3, 300));
        }
        try (DiskSpool reopened = open()) {
            assertThat(drain(reopened)).containsExactly(1L, 3L);
        }
        assertThat(warnings.messages()).hasSize(1);
    }

    @Test
    void skipsOnlyTheRecordWithAFlippedByteAndReadsEverythingAfterIt() throws IOException {
        spool(1, 2, 3, 4, 5, 6, 7, 8, 9);
        List<Path> segments = segmentFiles(dir);
        assertThat(segments).hasSize(3);
        flipByte(segments.get(1), RECORD + 100);

        try (DiskSpool spool = open()) {
            assertThat(warnings.messages()).singleElement().asString()
                    .contains(segments.get(1).toString(), "at offset " + RECORD, "CRC32C mismatch",
                            "skipped " + RECORD + " bytes up to the next intact record at offset " + 2 * RECORD);
            assertThat(spool.bytesUsed()).isEqualTo(segmentBytesOnDisk(dir)).isEqualTo(9L * RECORD);
            spool.append(batch(10, 300));
            assertThat(drain(spool)).containsExactly(1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L, 10L);
        }
        assertThat(segmentFiles(dir)).isEmpty();
    }

    @Test
    void cutsACorruptLastRecordSoNothingIsEverAppendedAfterGarbage() throws IOException {
        spool(1, 2, 3, 4);
        List<Path> segments = segmentFiles(dir);
        flipByte(segments.get(0), 2 * RECORD + 50);

        try (DiskSpool spool = open()) {
            assertThat(warnings.messages()).singleElement().asString()
                    .contains(segments.get(0).toString(), "at offset " + 2 * RECORD, "CRC32C mismatch",
                            "skipped the last " + RECORD + " bytes");
            assertThat(Files.size(segments.get(0))).isEqualTo(2L * RECORD);
            spool.append(batch(5, 300));
        }
        try (DiskSpool reopened = open()) {
            assertThat(drain(reopened)).containsExactly(1L, 2L, 4L, 5L);
        }
        assertThat(warnings.messages()).hasSize(1);
    }

    @Test
    void skipsARecordWhoseLengthIsImpossible() throws IOException {
        spool(1, 2);
        Path segment = segmentFiles(dir).get(0);
        try (FileChannel file = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.allocate(4).putInt(0, -5), RECORD + 4);
        }

        try (DiskSpool spool = open()) {
            assertThat(warnings.messages()).singleElement().asString()
                    .contains(segment.toString(), "at offset " + RECORD, "impossible payload length -5");
            assertThat(drain(spool)).containsExactly(1L);
        }
    }

    @Test
    void skipsGarbageAndZerosAfterTheLastRecord() throws IOException {
        spool(1, 2, 3, 4);
        List<Path> segments = segmentFiles(dir);
        Files.write(segments.get(0), new byte[4096], StandardOpenOption.APPEND);
        Files.write(segments.get(1), "not a record at all, but long enough".getBytes(), StandardOpenOption.APPEND);

        try (DiskSpool spool = open()) {
            assertThat(warnings.messages()).hasSize(2)
                    .anySatisfy(message -> assertThat(message).contains(segments.get(0).toString(), "bad magic"))
                    .anySatisfy(message -> assertThat(message).contains(segments.get(1).toString(), "bad magic"));
            assertThat(drain(spool)).containsExactly(1L, 2L, 3L, 4L);
        }
    }

    @Test
    void dropsASegmentWithNoIntactRecordAndIgnoresForeignFiles() throws IOException {
        spool(1, 2, 3, 4);
        List<Path> segments = segmentFiles(dir);
        truncate(segments.get(1), 10);
        Files.createFile(dir.resolve(Segment.fileName(99)));
        Files.writeString(dir.resolve("notes.txt"), "left by an operator");

        try (DiskSpool spool = open()) {
            assertThat(segmentFiles(dir)).containsExactly(segments.get(0));
            assertThat(drain(spool)).containsExactly(1L, 2L, 3L);
        }
        assertThat(dir.resolve("notes.txt")).exists();
    }

    @Test
    void sendsABatchAgainRatherThanLosingItWhenItsAckRecordIsDamaged() throws IOException {
        try (DiskSpool spool = open()) {
            spool.append(batch(1, 300));
            spool.append(batch(2, 300));
            spool.append(batch(3, 300));
            spool.ack(1);
            spool.ack(2);
        }
        Path acks = dir.resolve("acks.log");
        assertThat(Files.size(acks)).isEqualTo(32);
        flipByte(acks, 16 + 6);
        Files.write(acks, new byte[7], StandardOpenOption.APPEND);

        try (DiskSpool spool = open()) {
            assertThat(warnings.messages()).singleElement().asString()
                    .contains(acks.toString(), "skipped 1 damaged ack records", "torn tail of 7 bytes");
            assertThat(drain(spool)).containsExactly(2L, 3L);
        }
    }

    @Test
    void skipsABatchDamagedWhileTheSpoolIsOpenInsteadOfWedging() throws IOException {
        try (DiskSpool spool = open()) {
            spool.append(batch(1, 300));
            spool.append(batch(2, 300));
            flipByte(segmentFiles(dir).get(0), 50);
            assertThat(spool.next()).contains(batch(2, 300));
            assertThat(warnings.messages()).singleElement().asString()
                    .contains("at offset 0", "batch 1 cannot be read back", "CRC32C mismatch");
            assertThat(spool.pendingBatches()).isEqualTo(1);
        }
        try (DiskSpool reopened = open()) {
            assertThat(drain(reopened)).containsExactly(2L);
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ 0x40));
            channel.write(one.rewind(), offset);
        }
    }
}
