package io.sluice.logstore.chunk;

import io.sluice.common.event.EventIds;
import io.sluice.logstore.model.ArchivedEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The Loghub 2k sample lines (../shared/datasets/loghub-2k) as archived events of one stream per data set. */
public final class Loghub {

    private Loghub() {
    }

    /** Where the data sets are, searched upwards from the working directory. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("../shared/datasets/loghub-2k").normalize();
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            candidate = dir.resolve("shared/datasets/loghub-2k");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        Path fixed = Path.of("/work/shared/datasets/loghub-2k");
        if (Files.isDirectory(fixed)) {
            return fixed;
        }
        throw new IllegalStateException("loghub-2k data sets not found above " + Path.of("").toAbsolutePath());
    }

    /** Each data set's raw lines, keyed by the data set name. */
    public static List<Dataset> datasets() {
        try (Stream<Path> dirs = Files.list(root())) {
            List<Dataset> out = new ArrayList<>();
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                Path log = d.resolve(d.getFileName() + "_2k.log");
                if (Files.exists(log)) {
                    out.add(new Dataset(d.getFileName().toString(), Files.readAllLines(log, StandardCharsets.UTF_8)));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One data set's lines. */
    public record Dataset(String name, List<String> lines) {

        /** The lines as events of tenant {@code tenant}, one ingest batch, a millisecond apart from {@code t0}. */
        public List<ArchivedEvent> events(String tenant, long t0Nanos) {
            EventIds.Batch ids = EventIds.batch();
            List<ArchivedEvent> out = new ArrayList<>(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                String level = lines.get(i).contains("ERROR") ? "ERROR" : lines.get(i).contains("WARN") ? "WARN" : "INFO";
                out.add(new ArchivedEvent(ids.next(), tenant, t0Nanos + i * 1_000_000L, name, "host-1", level, lines.get(i),
                        null, null, 0L));
            }
            return out;
        }
    }
}
