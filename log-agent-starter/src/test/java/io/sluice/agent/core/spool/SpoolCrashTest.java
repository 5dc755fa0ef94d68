package io.sluice.agent.core.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real kill -9: a separate JVM ({@link SpoolWriterProcess}) appends and acknowledges batches
 * until it is killed with SIGKILL mid-stream; the spool reopened afterwards must hold exactly the
 * batches it had appended and not acknowledged, intact, and accept new ones.
 */
class SpoolCrashTest {

    @TempDir
    Path dir;

    @Test
    void keepsEveryAppendedUnacknowledgedBatchWhenTheAgentIsKilled() throws Exception {
        Steps steps = new Steps();
        Process writer = startWriter();
        Thread reader = steps.follow(writer);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> steps.count("A") >= 1_000 || !writer.isAlive());
            assertThat(writer.isAlive()).as("writer process is running").isTrue();
            SpoolConfig config = new SpoolConfig(1 << 20, 1 << 20, false);
            assertThatThrownBy(() -> DiskSpool.open(dir, config, new RecordedWarnings()))
                    .hasMessageContaining("is in use by another agent");
        } finally {
            // Through the handle: Process.destroyForcibly() would also close the stdout pipe and
            // lose the writer's last announcements.
            writer.toHandle().destroyForcibly();
            assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
        }
        assertThat(writer.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);

        Set<Long> certain = new TreeSet<>(steps.of("A"));
        certain.removeAll(steps.of("k"));
        Set<Long> uncertain = new HashSet<>(steps.of("a"));
        uncertain.removeAll(steps.of("A"));
        Set<Long> ackInFlight = new HashSet<>(steps.of("k"));
        ackInFlight.removeAll(steps.of("K"));
        uncertain.addAll(ackInFlight);

        RecordedWarnings warnings = new RecordedWarnings();
        try (DiskSpool reopened = DiskSpool.open(dir, new SpoolConfig(1L << 30, 16 * 1024, false), warnings)) {
            Set<Long> found = new HashSet<>();
            for (var next = reopened.next(); next.isPresent(); next = reopened.next()) {
                SpooledBatch batch = next.get();
                assertThat(batch).isEqualTo(SpoolWriterProcess.batch(batch.sequence()));
                found.add(batch.sequence());
                reopened.ack(batch.sequence());
            }
            assertThat(found).as("warnings %s", warnings.messages()).containsAll(certain);
            Set<Long> extra = new HashSet<>(found);
            extra.removeAll(certain);
            assertThat(uncertain).containsAll(extra);
            assertThat(certain).hasSizeGreaterThan(300);

            long next = reopened.lastSequence() + 1;
            assertThat(next).isGreaterThan(steps.of("A").stream().mapToLong(Long::longValue).max().orElseThrow());
            assertThat(reopened.append(SpoolWriterProcess.batch(next))).isTrue();
            assertThat(reopened.next()).contains(SpoolWriterProcess.batch(next));
        }
        assertThat(warnings.messages()).allSatisfy(message -> assertThat(message).contains("torn record"));
    }

    private Process startWriter() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = location(DiskSpool.class) + File.pathSeparator + location(SpoolWriterProcess.class);
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", classPath, SpoolWriterProcess.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** The writer needs only the spool and itself: a short class path starts the JVM faster. */
    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** The steps the writer announced, by kind. */
    private static final class Steps {

        private final ConcurrentHashMap<String, Set<Long>> byKind = new ConcurrentHashMap<>();

        Thread follow(Process process) {
            Thread thread = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        String[] parts = line.split(" ");
                        if (parts.length == 2 && !parts[0].equals("open")) {
                            byKind.computeIfAbsent(parts[0], kind -> ConcurrentHashMap.newKeySet())
                                    .add(Long.parseLong(parts[1]));
                        }
                    }
                } catch (IOException | NumberFormatException processDied) {
                    // A line cut by the kill ends the record; everything before it counts.
                }
            }, "spool-writer-stdout");
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        int count(String kind) {
            return of(kind).size();
        }

        Set<Long> of(String kind) {
            return byKind.getOrDefault(kind, Set.of());
        }
    }
}
