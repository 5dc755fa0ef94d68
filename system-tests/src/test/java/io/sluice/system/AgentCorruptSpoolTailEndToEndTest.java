package io.sluice.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 3, must-show 1 (corrupt spool tail): as after a kill -9 mid-write, the last record of the
 * newest spool segment is torn (its last 37 bytes cut off). The restarted app reports the corrupt
 * record, skips it, delivers every intact batch exactly once and exits normally: the spool is not
 * wedged and nothing but the torn batch is lost.
 */
class AgentCorruptSpoolTailEndToEndTest {

    private static final int EVENTS = 20_000;
    private static final int TORN_BYTES = 37;
    private static final String CORRUPT = "(?i)(torn|corrupt|crc)";
    private static final Pattern SEGMENT = Pattern.compile("segment-(\\d+)\\.spool");
    private static AgentTestCluster cluster;

    @BeforeAll
    static void startServicesWithoutIngest() {
        cluster = new AgentTestCluster().start(false);
    }

    @AfterAll
    static void stopServices() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aTornRecordAtTheSpoolTailIsSkippedWithAWarningAndEveryIntactBatchIsDeliveredOnce() throws Exception {
        Path spoolDir = AgentScenarios.newSpoolDir();
        AgentScenarios.logWhileIngestIsDownThenKill(cluster, spoolDir, EVENTS);
        AgentSpoolReader.Contents beforeTear = AgentSpoolReader.readCopyOf(spoolDir);
        assertThat(beforeTear.batches()).as("batches in the spool after the kill").hasSizeGreaterThan(1);

        Path segment = newestSegment(spoolDir);
        tearTail(segment, TORN_BYTES);

        // Sequences increase from append to append: the torn record is the batch spooled last.
        AgentSpoolReader.Batch torn = beforeTear.batches().stream()
                .max(Comparator.comparingLong(AgentSpoolReader.Batch::sequence)).orElseThrow();
        AgentSpoolReader.Contents intact = AgentSpoolReader.readCopyOf(spoolDir);
        assertThat(intact.batches()).as("batches the spool still delivers after tearing " + segment.getFileName())
                .containsExactlyInAnyOrderElementsOf(beforeTear.batches().stream().filter(b -> b != torn).toList());
        System.out.printf("Agent corrupt-tail test: tore %s; %d of %d batches intact (%d events)%n",
                segment.getFileName(), intact.batches().size(), beforeTear.batches().size(), intact.events());

        cluster.startIngest();
        String output = AgentScenarios.restartOnSpoolAndExit(cluster, spoolDir);
        AgentScenarios.awaitArchiveSettled(cluster);

        assertThat(intact.warnings()).as("the spool's own report when reading the torn copy")
                .anySatisfy(w -> assertThat(w).contains(segment.getFileName().toString()).containsPattern(CORRUPT));
        assertThat(output.lines().filter(line -> line.contains(segment.getFileName().toString())))
                .as("the restarted app's output reports the torn record in %s:%n%s", segment.getFileName(), output)
                .anySatisfy(line -> assertThat(line).containsPattern(CORRUPT));
        assertThat(AgentScenarios.archivedSeqs(cluster))
                .as("archived demo events: every event of every intact batch exactly once, nothing else")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(new HashSet<>(intact.seqs()));
        assertThat(AgentSpoolReader.readCopyOf(spoolDir).batches()).as("batches left to resend after delivery").isEmpty();
    }

    /** The segment the agent appended to last: {@code segment-<first sequence>.spool} with the highest sequence. */
    private static Path newestSegment(Path spoolDir) throws IOException {
        try (Stream<Path> files = Files.list(spoolDir)) {
            return files.filter(f -> SEGMENT.matcher(f.getFileName().toString()).matches())
                    .max(Comparator.comparing(f -> new BigInteger(digits(f))))
                    .orElseThrow(() -> new AssertionError("no segment file in " + spoolDir));
        }
    }

    private static String digits(Path segment) {
        Matcher m = SEGMENT.matcher(segment.getFileName().toString());
        return m.matches() ? m.group(1) : "0";
    }

    private static void tearTail(Path file, int bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - bytes);
        }
    }
}
