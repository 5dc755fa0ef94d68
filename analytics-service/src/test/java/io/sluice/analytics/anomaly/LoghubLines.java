package io.sluice.analytics.anomaly;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;

/**
 * The real lines of the Loghub-2k systems in {@code ../shared/datasets}: content, level (normalised
 * to Sluice's levels; systems without one are INFO) and ground-truth template id. Tests using it
 * are skipped, with a message saying so, only when the shared folder is absent.
 */
record LoghubLines(String system, List<Line> lines) {

    static final Path ROOT = Path.of("..", "shared", "datasets", "loghub-2k");

    static final List<String> SYSTEMS = List.of("Apache", "HDFS", "Hadoop", "HealthApp", "Linux", "OpenSSH", "Spark", "Zookeeper");

    record Line(String content, String level, String eventId) {
    }

    static List<LoghubLines> all() {
        Assumptions.assumeTrue(Files.isDirectory(ROOT), "../shared/datasets/loghub-2k is absent: the anomaly evaluation needs its real lines");
        List<LoghubLines> out = new ArrayList<>();
        for (String system : SYSTEMS) {
            out.add(load(system));
        }
        return out;
    }

    static LoghubLines load(String system) {
        Path file = ROOT.resolve(system).resolve(system + "_2k.log_structured_corrected.csv");
        try {
            List<List<String>> rows = parse(Files.readString(file, StandardCharsets.UTF_8));
            List<String> header = rows.get(0);
            int content = header.indexOf("Content");
            int level = header.indexOf("Level");
            int event = header.indexOf("EventId");
            List<Line> lines = new ArrayList<>();
            for (List<String> row : rows.subList(1, rows.size())) {
                if (row.size() == header.size()) {
                    lines.add(new Line(row.get(content), level < 0 ? "INFO" : normalise(row.get(level)), row.get(event)));
                }
            }
            return new LoghubLines(system, List.copyOf(lines));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    private static String normalise(String level) {
        String l = level.toLowerCase(Locale.ROOT);
        if (l.startsWith("fatal")) {
            return "FATAL";
        }
        if (l.startsWith("err")) {
            return "ERROR";
        }
        if (l.startsWith("warn")) {
            return "WARN";
        }
        return "INFO";
    }

    /** RFC 4180: quoted fields, doubled quotes, newlines inside quotes. */
    private static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
