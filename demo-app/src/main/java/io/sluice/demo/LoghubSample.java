package io.sluice.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bundled Loghub sample (the first 300 lines of eight Loghub-2k logs, see
 * {@code loghub/README.md} for source, licence and citation), interleaved one line per dataset in
 * turn so that the demo's stream mixes systems the way a shared log pipeline sees them.
 */
final class LoghubSample {

    /** The bundled datasets, in the order their lines are interleaved. */
    static final List<String> DATASETS = List.of("HDFS", "Hadoop", "Spark", "Zookeeper", "OpenSSH", "Apache", "Linux", "HealthApp");

    private final List<LoghubLine> lines;

    private LoghubSample(List<LoghubLine> lines) {
        this.lines = List.copyOf(lines);
    }

    /** Loads the sample from the class path. */
    static LoghubSample load() {
        List<List<String>> perDataset = new ArrayList<>();
        for (String dataset : DATASETS) {
            perDataset.add(read("loghub/" + dataset + ".log"));
        }
        List<LoghubLine> interleaved = new ArrayList<>();
        int longest = perDataset.stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (int d = 0; d < DATASETS.size(); d++) {
                List<String> dataset = perDataset.get(d);
                if (i < dataset.size()) {
                    String text = dataset.get(i);
                    interleaved.add(new LoghubLine(DATASETS.get(d), text, LineLevels.of(text)));
                }
            }
        }
        return new LoghubSample(interleaved);
    }

    List<LoghubLine> lines() {
        return lines;
    }

    private static List<String> read(String resource) {
        InputStream in = LoghubSample.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing class path resource " + resource);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
