package io.sluice.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** Steps the agent end-to-end tests share: demo runs against a test cluster, and archive queries. */
final class AgentScenarios {

    /** Archive rows that are demo events (each carries its MDC {@code seq}). */
    static final String DEMO_EVENT = "JSON_VALUE(attributes, '$.seq') IS NOT NULL";
    static final String SEQ = "CAST(JSON_VALUE(attributes, '$.seq') AS UNSIGNED)";
    /** Archive rows that are the agent's synthetic drop summaries. */
    static final String DROP_SUMMARY = "JSON_VALUE(attributes, '$.\"sluice.droppedLevel\"') IS NOT NULL";
    static final String DROPPED = "CAST(JSON_VALUE(attributes, '$.\"sluice.dropped\"') AS UNSIGNED)";
    static final String DROPPED_LEVEL = "JSON_VALUE(attributes, '$.\"sluice.droppedLevel\"')";

    private AgentScenarios() {
    }

    /** A fresh spool directory under system-tests/target, unique to one test. */
    static Path newSpoolDir() {
        return Path.of("system-tests", "target", "agent-spool", UUID.randomUUID().toString()).toAbsolutePath();
    }

    /** The demo's agent settings: ship only the generated lines to {@code cluster}, spool to {@code spoolDir}. */
    static List<String> agentArgs(AgentTestCluster cluster, Path spoolDir) {
        return List.of(
                "--sluice.agent.endpoint=" + cluster.endpoint(),
                "--sluice.agent.api-key=" + cluster.apiKey,
                "--sluice.agent.loggers=loghub",
                "--sluice.agent.spool.dir=" + spoolDir,
                "--sluice.agent.shutdown-timeout=60s");
    }

    /** As {@link #agentArgs(AgentTestCluster, Path)} but shipping to {@code endpoint} (e.g. a relay in front of ingest). */
    static List<String> agentArgsVia(String endpoint, AgentTestCluster cluster, Path spoolDir) {
        return List.of(
                "--sluice.agent.endpoint=" + endpoint,
                "--sluice.agent.api-key=" + cluster.apiKey,
                "--sluice.agent.loggers=loghub",
                "--sluice.agent.spool.dir=" + spoolDir,
                "--sluice.agent.shutdown-timeout=60s");
    }

    /**
     * The demo's agent settings for another tenant of {@code cluster}: like {@link #agentArgs(AgentTestCluster, Path)}
     * but sending {@code apiKey} and flushing for up to {@code shutdownTimeout} when the demo closes.
     */
    static List<String> agentArgs(AgentTestCluster cluster, Path spoolDir, String apiKey, Duration shutdownTimeout) {
        return List.of(
                "--sluice.agent.endpoint=" + cluster.endpoint(),
                "--sluice.agent.api-key=" + apiKey,
                "--sluice.agent.loggers=loghub",
                "--sluice.agent.spool.dir=" + spoolDir,
                "--sluice.agent.shutdown-timeout=" + shutdownTimeout.toMillis() + "ms");
    }

    static List<String> with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }

    /**
     * With ingest down, runs the demo app for {@code events} lines at full speed, waits until it has
     * logged them all and its spool directory has stopped growing, then kills it with SIGKILL.
     * Returns what the demo said it logged per level.
     */
    static Map<String, Long> logWhileIngestIsDownThenKill(AgentTestCluster cluster, Path spoolDir, int events)
            throws InterruptedException {
        try (AgentDemoProcess demo = AgentDemoProcess.start(with(agentArgs(cluster, spoolDir),
                "--demo.total-events=" + events, "--demo.rate-per-second=0", "--demo.exit-when-done=false"))) {
            await("demo logged " + events + " lines").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> demo.emittedByLevel().isPresent() || !demo.isAlive());
            assertThat(demo.isAlive()).as("demo still running after logging; output:%n%s", demo.output()).isTrue();
            AtomicLong previous = new AtomicLong(-1);
            await("spool directory holds data and stopped growing").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        long now = bytesIn(spoolDir);
                        return now > 0 && now == previous.getAndSet(now);
                    });
            assertThat(demo.isAlive()).as("demo still running while spooling; output:%n%s", demo.output()).isTrue();
            int exit = demo.killHard();
            assertThat(exit).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
            Map<String, Long> emitted = demo.emittedByLevel().orElseThrow();
            assertThat(emitted.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(events);
            return emitted;
        }
    }

    /**
     * Starts the demo app again on {@code spoolDir} logging nothing ({@code demo.total-events=0})
     * and exiting when done, so all it ships is what the spool held; waits for it to exit 0.
     * Returns its output.
     */
    static String restartOnSpoolAndExit(AgentTestCluster cluster, Path spoolDir) throws InterruptedException {
        try (AgentDemoProcess demo = AgentDemoProcess.start(with(agentArgs(cluster, spoolDir),
                "--demo.total-events=0", "--demo.exit-when-done=true"))) {
            assertThat(demo.waitFor(150)).as("restarted demo exited; output:%n%s", demo.output()).isTrue();
            assertThat(demo.exitValue()).as("restarted demo's exit code; output:%n%s", demo.output()).isZero();
            return demo.output();
        }
    }

    /** Waits until the pipeline has archived everything ingest accepted. */
    static void awaitArchiveSettled(AgentTestCluster cluster) {
        // Generous: on a loaded two-core machine the archive takes a few hundred events a second.
        await("pipeline archived everything ingest accepted").atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(500))
                .until(cluster::pipelineCaughtUp);
    }

    /** The seq of every archived demo event (with repeats, were one archived twice). */
    static List<Long> archivedSeqs(AgentTestCluster cluster) {
        return cluster.longs("SELECT " + SEQ + " FROM log_event WHERE " + DEMO_EVENT);
    }

    /** Bytes in the regular files of {@code dir} (0 when it does not exist yet). */
    static long bytesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
