package io.sluice.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 3, must-show 1 (kill -9): with ingest down, the demo app logs 20,000 events and its agent
 * spools them; the app is then killed with SIGKILL (no shutdown hook, no flush). Once ingest is up,
 * the app is started again on the same spool directory: every batch that was in the spool is
 * delivered and each of its events archived exactly once, and nothing is left to resend.
 *
 * <p>What "was in the spool" is read from a copy of the directory right after the kill, through
 * the agent's own spool API; every WARN and ERROR event the demo logged must be in it (the spool
 * had room); lower levels may be missing, dropped when the in-memory ring overflowed (their drop
 * counters die with the process).
 */
class AgentKillWhileSpoolingEndToEndTest {

    private static final int EVENTS = 20_000;
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
    void batchesSpooledBeforeAKillNineAreDeliveredAfterTheRestartAndNoneTwice() throws Exception {
        Path spoolDir = AgentScenarios.newSpoolDir();
        Map<String, Long> emitted = AgentScenarios.logWhileIngestIsDownThenKill(cluster, spoolDir, EVENTS);

        AgentSpoolReader.Contents spooled = AgentSpoolReader.readCopyOf(spoolDir);
        assertThat(spooled.batches()).as("batches in the spool after the kill").isNotEmpty();
        assertThat(spooled.seqs()).as("seq of the spooled demo events").isNotEmpty()
                .allSatisfy(seq -> assertThat(seq).isBetween(1L, (long) EVENTS));
        System.out.printf("Agent kill -9 test: emitted %s; spooled %d batches, %d events (%d distinct), by level %s%n",
                emitted, spooled.batches().size(), spooled.events(), new HashSet<>(spooled.seqs()).size(), spooled.levels());

        for (String level : new String[] {"WARN", "ERROR"}) {
            assertThat(spooled.levels().getOrDefault(level, 0L))
                    .as("%s events in the spool: none is dropped while the spool has room", level)
                    .isEqualTo(emitted.get(level));
        }

        cluster.startIngest();
        AgentScenarios.restartOnSpoolAndExit(cluster, spoolDir);
        AgentScenarios.awaitArchiveSettled(cluster);

        assertThat(AgentScenarios.archivedSeqs(cluster))
                .as("archived demo events: each spooled event exactly once, nothing else")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(new HashSet<>(spooled.seqs()));
        assertThat(AgentSpoolReader.readCopyOf(spoolDir).batches()).as("batches left to resend after delivery").isEmpty();
    }
}
