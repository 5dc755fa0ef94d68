package io.sluice.system;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The demo app, run from its executable jar as a separate process (as a user would run their own
 * service), so that its agent ships only the demo's own log lines.
 */
final class DemoAppProcess implements AutoCloseable {

    private final Process process;
    private final Path output;

    private DemoAppProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static DemoAppProcess start(String... args) {
        Path jar = findJar();
        try {
            Path output = Files.createTempFile("demo-app", ".log");
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xmx256m");
            cmd.add("-jar");
            cmd.add(jar.toString());
            cmd.addAll(List.of(args));
            if (cmd.stream().noneMatch(a -> a.startsWith("--sluice.agent.spool.dir="))) {
                // The agent's default spool directory (java.io.tmpdir/sluice-agent/demo-app) outlives the
                // process on purpose, to resume after a restart; a test must not resume another run's batches.
                cmd.add("--sluice.agent.spool.dir=" + Files.createTempDirectory("demo-app-spool"));
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            return new DemoAppProcess(p, output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findJar() {
        Path target = Path.of("demo-app", "target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no demo-app/target/*-exec.jar: build demo-app first (./mvnw -pl demo-app package)"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + target.toAbsolutePath() + File.separator, e);
        }
    }

    boolean waitFor(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
