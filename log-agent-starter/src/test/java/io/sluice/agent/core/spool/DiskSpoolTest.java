package io.sluice.agent.core.spool;

import static io.sluice.agent.core.spool.Spools.batch;
import static io.sluice.agent.core.spool.Spools.drain;
import static io.sluice.agent.core.spool.Spools.segmentBytesOnDisk;
import static io.sluice.agent.core.spool.Spools.segmentFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpoolTest {

    private static final SpoolConfig ROOMY = new SpoolConfig(64 << 20, 1 << 20, false);

    @TempDir
    Path dir;

    private final RecordedWarnings warnings = new RecordedWarnings();

    private DiskSpool open(SpoolConfig config) throws IOException {
        return DiskSpool.open(dir, config, warnings);
    }

    @Test
    void handsOutBatchesOldestFirstAndForgetsThemOnceAcknowledged() throws IOException {
        try (DiskSpool spool = open(ROOMY)) {
            assertThat(spool.next()).isEmpty();
            for (long sequence = 1; sequence <= 3; sequence++) {
                assertThat(spool.append(batch(sequence))).isTrue();
            }
            assertThat(spool.pendingBatches()).isEqualTo(3);
            assertThat(spool.next()).contains(batch(1));
            spool.ack(1);
            assertThat(spool.next()).contains(batch(2));
            spool.ack(2);
            assertThat(spool.next()).contains(batch(3));
            spool.ack(3);
            assertThat(spool.next()).isEmpty();
            assertThat(spool.pendingBatches()).isZero();
        }
        assertThat(warnings.messages()).isEmpty();
    }

    @Test
    void keepsHandingOutTheSameBatchUntilItIsAcknowledged() throws IOException {
        try (DiskSpool spool = open(ROOMY)) {
            spool.append(batch(1));
            spool.append(batch(2));
            assertThat(spool.next()).contains(batch(1));
            assertThat(spool.next()).contains(batch(1));
            assertThat(spool.pendingBatches()).isEqualTo(2);
        }
    }

    @Test
    void handsOutPriorityBatchesBeforeOlderNormalOnes() throws IOException {
        try (DiskSpool spool = open(ROOMY)) {
            spool.append(batch(1, false));
            spool.append(batch(2, true));
            spool.append(batch(3, false));
            spool.append(batch(4, true));
            assertThat(drain(spool)).containsExactly(2L, 4L, 1L, 3L);
        }
    }

    @Test
    void resumesAfterTheLastAcknowledgedBatchWhenReopened() throws IOException {
        try (DiskSpool spool = open(ROOMY)) {
            for (long sequence = 1; sequence <= 6; sequence++) {
                spool.append(batch(sequence, sequence % 3 == 0));
            }
            spool.ack(3);
            spool.ack(1);
            spool.ack(5);
        }
        try (DiskSpool reopened = open(ROOMY)) {
            assertThat(reopened.pendingBatches()).isEqualTo(3);
            assertThat(reopened.lastSequence()).isEqualTo(6);
            assertThat(reopened.next()).contains(batch(6, true));
            assertThat(drain(reopened)).containsExactly(6L, 2L, 4L);
            reopened.append(batch(7));
        }
        try (DiskSpool again = open(ROOMY)) {
            assertThat(drain(again)).containsExactly(7L);
        }
        assertThat(warnings.messages()).isEmpty();
    }

    @Test
    void refusesABatchThatWouldExceedTheQuotaAndWritesNothing() throws IOException {
        SpoolConfig tight = new SpoolConfig(1_000, 10_000, false);
        try (DiskSpool spool = open(tight)) {
            assertThat(spool.append(batch(1, 400))).isTrue();
            assertThat(spool.append(batch(2, 400))).isTrue();
            long used = spool.bytesUsed();
            assertThat(used).isEqualTo(segmentBytesOnDisk(dir)).isLessThanOrEqualTo(1_000);

            assertThat(spool.append(batch(3, 400))).isFalse();
            assertThat(spool.bytesUsed()).isEqualTo(used).isEqualTo(segmentBytesOnDisk(dir));
            assertThat(spool.pendingBatches()).isEqualTo(2);

            assertThat(spool.append(batch(4, 100))).isTrue();
            assertThat(drain(spool)).containsExactly(1L, 2L, 4L);
            assertThat(spool.append(batch(5, 400))).isTrue();
        }
    }

    @Test
    void neverRunsOutOfQuotaBecauseOfAcknowledgedBatchesInTheSegmentBeingWritten() throws IOException {
        SpoolConfig quotaBelowSegment = new SpoolConfig(2_000, 1 << 20, false);
        try (DiskSpool spool = open(quotaBelowSegment)) {
            for (long sequence = 1; sequence <= 100; sequence++) {
                assertThat(spool.append(batch(sequence, 300))).as("append %d", sequence).isTrue();
                spool.ack(sequence);
            }
            assertThat(spool.bytesUsed()).isLessThanOrEqualTo(2_000).isEqualTo(segmentBytesOnDisk(dir));
        }
    }

    @Test
    void rollsOverToNewSegmentsAndDeletesEachOnceAllItsBatchesAreAcknowledged() throws IOException {
        SpoolConfig small = new SpoolConfig(1 << 20, 1_000, false);
        try (DiskSpool spool = open(small)) {
            for (long sequence = 1; sequence <= 10; sequence++) {
                spool.append(batch(sequence, 300));
            }
            List<Path> segments = segmentFiles(dir);
            assertThat(segments).hasSize(4);
            assertThat(segments.get(0).getFileName()).hasToString("segment-00000000000000000001.spool");
            assertThat(segments).allSatisfy(file -> assertThat(Files.size(file)).isLessThanOrEqualTo(1_000));
            assertThat(spool.bytesUsed()).isEqualTo(segmentBytesOnDisk(dir));

            spool.ack(1);
            spool.ack(2);
            assertThat(segmentFiles(dir)).hasSize(4);
            spool.ack(3);
            assertThat(segmentFiles(dir)).hasSize(3).doesNotContain(segments.get(0));
            assertThat(spool.bytesUsed()).isEqualTo(segmentBytesOnDisk(dir));
            drain(spool);
            assertThat(spool.bytesUsed()).isEqualTo(segmentBytesOnDisk(dir));
        }
        assertThat(segmentFiles(dir)).isEmpty();
    }

    @Test
    void keepsASegmentWhileAnyOfItsBatchesIsPendingEvenWhenLaterOnesWereAcknowledged() throws IOException {
        SpoolConfig small = new SpoolConfig(1 << 20, 1_000, false);
        try (DiskSpool spool = open(small)) {
            spool.append(batch(1, 300));
            spool.append(new SpooledBatch(2, "agent-1:2", true, new byte[300]));
            spool.append(new SpooledBatch(3, "agent-1:3", true, new byte[300]));
            spool.append(batch(4, 300));
            spool.ack(spool.next().orElseThrow().sequence());
            spool.ack(spool.next().orElseThrow().sequence());
            assertThat(segmentFiles(dir)).hasSize(2);
        }
        try (DiskSpool reopened = open(small)) {
            assertThat(drain(reopened)).containsExactly(1L, 4L);
        }
        assertThat(segmentFiles(dir)).isEmpty();
    }

    @Test
    void refusesASecondSpoolOnTheSameDirectoryNamingTheDirectory() throws IOException {
        try (DiskSpool first = open(ROOMY)) {
            first.append(batch(1));
            assertThatThrownBy(() -> open(ROOMY))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("spool directory " + dir.toAbsolutePath() + " is in use by another agent");
            assertThat(first.next()).contains(batch(1));
        }
        try (DiskSpool afterClose = open(ROOMY)) {
            assertThat(afterClose.next()).contains(batch(1));
        }
    }

    @Test
    void explainsADirectoryThatCannotBeCreated() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        assertThatThrownBy(() -> DiskSpool.open(file.resolve("spool"), ROOMY, warnings))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot create spool directory " + file.resolve("spool"));
    }

    @Test
    void insistsOnSequencesThatIncreaseAlsoAcrossRestarts() throws IOException {
        try (DiskSpool spool = open(ROOMY)) {
            spool.append(batch(5));
            assertThatIllegalArgumentException().isThrownBy(() -> spool.append(batch(5)))
                    .withMessageContaining("sequence 5 is not after the last spooled sequence 5");
        }
        try (DiskSpool reopened = open(ROOMY)) {
            assertThatIllegalArgumentException().isThrownBy(() -> reopened.append(batch(3)));
            assertThat(reopened.append(batch(reopened.lastSequence() + 1))).isTrue();
            assertThat(drain(reopened)).containsExactly(5L, 6L);
        }
    }

    @Test
    void keepsLargePayloadsIntactEvenWhenTheyAreLargerThanASegment() throws IOException {
        SpoolConfig small = new SpoolConfig(64 << 20, 1 << 20, false);
        byte[] big = new byte[5 << 20];
        new Random(42).nextBytes(big);
        SpooledBatch large = new SpooledBatch(2, "agent-1:2", false, big);
        try (DiskSpool spool = open(small)) {
            spool.append(batch(1, 700_000));
            assertThat(spool.append(large)).isTrue();
            spool.append(batch(3, 10));
            assertThat(segmentFiles(dir)).hasSize(3);
        }
        try (DiskSpool reopened = open(small)) {
            assertThat(reopened.next()).contains(batch(1, 700_000));
            reopened.ack(1);
            assertThat(reopened.next()).contains(large);
            reopened.ack(2);
            assertThat(reopened.next()).contains(batch(3, 10));
        }
        assertThat(warnings.messages()).isEmpty();
    }

    @Test
    void carriesTheIdempotencyKeyAndPriorityThroughARestart() throws IOException {
        SpooledBatch unusual = new SpooledBatch(9, "agent-ß-\u65e5\u672c:9", true, new byte[0]);
        try (DiskSpool spool = open(ROOMY)) {
            spool.append(unusual);
        }
        try (DiskSpool reopened = open(ROOMY)) {
            assertThat(reopened.next()).contains(unusual);
        }
    }

    @Test
    void keepsTheAckLogSmallByRewritingItWhenItIsMostlyStale() throws IOException {
        SpoolConfig small = new SpoolConfig(64 << 20, 4_000, false);
        try (DiskSpool spool = open(small)) {
            for (long sequence = 1; sequence <= 5_000; sequence++) {
                spool.append(batch(sequence));
                if (sequence % 2 == 0) {
                    spool.ack(spool.next().orElseThrow().sequence());
                }
                assertThat(Files.size(dir.resolve("acks.log"))).isLessThanOrEqualTo(4 * 1_024 * 16);
            }
        }
        try (DiskSpool reopened = open(small)) {
            assertThat(reopened.pendingBatches()).isEqualTo(2_500);
            assertThat(drain(reopened)).first().isEqualTo(2_501L);
        }
        assertThat(Files.size(dir.resolve("acks.log"))).isLessThanOrEqualTo(1_024 * 16);
    }

    @Test
    void forcesEveryAppendAndAcknowledgementWhenAskedToAndStillResumesAfterARestart() throws IOException {
        SpoolConfig durable = new SpoolConfig(1 << 20, 1_000, true);
        try (DiskSpool spool = open(durable)) {
            for (long sequence = 1; sequence <= 6; sequence++) {
                assertThat(spool.append(batch(sequence, 300))).isTrue();
            }
            spool.ack(1);
            spool.ack(2);
            spool.ack(3);
        }
        try (DiskSpool reopened = open(durable)) {
            assertThat(drain(reopened)).containsExactly(4L, 5L, 6L);
        }
        assertThat(segmentFiles(dir)).isEmpty();
    }

    @Test
    void refusesUseAfterCloseAndClosesOnlyOnce() throws IOException {
        DiskSpool spool = open(ROOMY);
        spool.close();
        spool.close();
        assertThatIllegalStateException().isThrownBy(() -> spool.append(batch(1)));
        assertThatIllegalStateException().isThrownBy(spool::next);
        assertThatIllegalStateException().isThrownBy(() -> spool.ack(1));
    }

    @Test
    void ignoresAcknowledgementsOfUnknownOrAlreadyAcknowledgedBatches() throws IOException {
        try (DiskSpool spool = open(ROOMY)) {
            spool.append(batch(1));
            spool.append(batch(2));
            spool.ack(1);
            spool.ack(1);
            spool.ack(77);
            assertThat(spool.pendingBatches()).isEqualTo(1);
            assertThat(spool.next()).contains(batch(2));
        }
    }
}
