package io.sluice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Realistic log lines: every {@code <System>/<System>_2k.log} of the Loghub-2k sample (HDFS,
 * Hadoop, Spark, Zookeeper, OpenSSH, Apache, Linux, HealthApp; 16,000 lines), in a fixed order.
 * The directory is the {@code dataset} system property, by default
 * {@code ../shared/datasets/loghub-2k} relative to the working directory (the checkout root).
 */
final class LoghubLines {

    private LoghubLines() {
    }

    static List<String> load() {
        Path dir = Path.of(System.getProperty("dataset", "../shared/datasets/loghub-2k"));
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir, 2)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith("_2k.log")).sorted().toList()) {
                Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).forEach(lines::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Loghub-2k lines under " + dir.toAbsolutePath()
                    + " (set -Ddataset=<dir>)", e);
        }
        if (lines.isEmpty()) {
            throw new IllegalStateException("no *_2k.log files under " + dir.toAbsolutePath() + " (set -Ddataset=<dir>)");
        }
        return lines;
    }
}
