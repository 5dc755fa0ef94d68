package io.sluice.analytics.match;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The Loghub-2k lines (../shared/datasets/loghub-2k from the checkout root), each with its system's name as service. */
final class LoghubSample {

    /** One line of one system. */
    record Line(String system, String text) {
    }

    private LoghubSample() {
    }

    static List<Line> load() {
        Path dir = Path.of(System.getProperty("dataset", "../shared/datasets/loghub-2k"));
        List<Line> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir, 2)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith("_2k.log")).sorted().toList()) {
                String system = file.getFileName().toString().replace("_2k.log", "").toLowerCase();
                Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                        .forEach(l -> lines.add(new Line(system, l)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Loghub-2k lines under " + dir.toAbsolutePath(), e);
        }
        if (lines.isEmpty()) {
            throw new IllegalStateException("no *_2k.log files under " + dir.toAbsolutePath());
        }
        return lines;
    }
}
