package io.sluice.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The demo app run from its executable jar as a separate process, whose agent ships to a test
 * cluster and spools to a given directory; it can be stopped the hard way
 * ({@link #killHard()}, SIGKILL, no shutdown hooks) as a crashing application would be.
 */
final class AgentDemoProcess implements AutoCloseable {

    private static final Pattern LEVEL_LINE = Pattern.compile(
            "demo emitted by level: TRACE=(\\d+) DEBUG=(\\d+) INFO=(\\d+) WARN=(\\d+) ERROR=(\\d+)");
    private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    private final Process process;
    private final Path output;

    private AgentDemoProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts the demo app with {@code args} (Spring Boot command-line properties). */
    static AgentDemoProcess start(List<String> args) {
        try {
            Path output = Files.createTempFile("demo-app-agent", ".log");
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xmx256m");
            cmd.add("-jar");
            cmd.add(execJar().toString());
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            return new AgentDemoProcess(p, output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The demo app's executable jar, as built by {@code ./mvnw -pl demo-app install}. */
    static Path execJar() {
        Path target = Path.of("demo-app", "target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no demo-app/target/*-exec.jar: build demo-app first"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + target.toAbsolutePath(), e);
        }
    }

    boolean waitFor(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** Kills the process with SIGKILL (kill -9) and waits for it to be gone; returns its exit value. */
    int killHard() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("demo app " + process.pid() + " survived SIGKILL for 30 s");
        }
        return process.exitValue();
    }

    /** Everything the process wrote to stdout and stderr so far. */
    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /**
     * What the demo's generator says it logged per level ({@code demo emitted by level: …}, printed
     * at the end of a finite run), in the order TRACE, DEBUG, INFO, WARN, ERROR; empty until printed.
     */
    Optional<Map<String, Long>> emittedByLevel() {
        Matcher m = LEVEL_LINE.matcher(output());
        if (!m.find()) {
            return Optional.empty();
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < LEVELS.size(); i++) {
            counts.put(LEVELS.get(i), Long.parseLong(m.group(i + 1)));
        }
        return Optional.of(counts);
    }

    /** Kills the process if it still runs (a test that failed half-way) and deletes its output file. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(output);
        } catch (IOException ignored) {
            // a temporary file; the OS cleans it up eventually
        }
    }
}
