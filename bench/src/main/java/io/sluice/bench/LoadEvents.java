package io.sluice.bench;

import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Realistic events for the end-to-end load harness, built from the Loghub-2k lines: the service is
 * the line's system (HDFS, Spark, OpenSSH, …), the host one of {@value #HOSTS_PER_SERVICE} per
 * service, the level read from the line's own words, and every run of digits replaced by random
 * digits of the same length, so the data set holds as many distinct values as real logs do instead
 * of the same 16,000 lines again and again (which would flatter any compressor). Deterministic for
 * a given seed. Event {@code i} of {@code total} gets the time {@code start + i * span / total}.
 */
final class LoadEvents {

    static final int HOSTS_PER_SERVICE = 4;

    private final List<String> services = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();

    private LoadEvents() {
    }

    /** The Loghub-2k lines under the {@code dataset} system property (default {@code ../shared/datasets/loghub-2k}). */
    static LoadEvents load() {
        Path dir = Path.of(System.getProperty("dataset", "../shared/datasets/loghub-2k"));
        LoadEvents events = new LoadEvents();
        try (Stream<Path> files = Files.walk(dir, 2)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith("_2k.log")).sorted().toList()) {
                String service = file.getFileName().toString().replace("_2k.log", "");
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        events.services.add(service);
                        events.lines.add(line);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Loghub-2k lines under " + dir.toAbsolutePath(), e);
        }
        if (events.lines.isEmpty()) {
            throw new IllegalStateException("no *_2k.log files under " + dir.toAbsolutePath() + " (set -Ddataset=<dir>)");
        }
        return events;
    }

    int size() {
        return lines.size();
    }

    /** Distinct services (Loghub systems). */
    List<String> services() {
        return services.stream().distinct().toList();
    }

    /**
     * A batch of {@code count} events starting at event number {@code first} of {@code total}, spread
     * over {@code [startNanos, startNanos + spanNanos)}.
     */
    LogBatch batch(long first, int count, long total, long startNanos, long spanNanos, String idempotencyKey, SplittableRandom random) {
        return batch(first, count, i -> startNanos + (long) ((double) i / total * spanNanos), idempotencyKey, random);
    }

    /** A batch of {@code count} events starting at event number {@code first}, event {@code i} at time {@code timeOf(i)}. */
    LogBatch batch(long first, int count, java.util.function.LongUnaryOperator timeOf, String idempotencyKey, SplittableRandom random) {
        LogBatch.Builder batch = LogBatch.newBuilder().setIdempotencyKey(idempotencyKey);
        StringBuilder text = new StringBuilder(256);
        for (int k = 0; k < count; k++) {
            long i = first + k;
            int index = (int) (i % lines.size());
            String line = lines.get(index);
            text.setLength(0);
            for (int c = 0; c < line.length(); c++) {
                char ch = line.charAt(c);
                text.append(ch >= '0' && ch <= '9' ? (char) ('0' + random.nextInt(10)) : ch);
            }
            String service = services.get(index);
            batch.addEvents(LogEvent.newBuilder()
                    .setTimestampUnixNanos(timeOf.applyAsLong(i))
                    .setService(service)
                    .setHost(service.toLowerCase(Locale.ROOT) + "-" + random.nextInt(HOSTS_PER_SERVICE))
                    .setLevel(level(line))
                    .setMessage(text.toString()));
        }
        return batch.build();
    }

    /** The level a line's own words suggest (the same rule as the demo app's). */
    static String level(String line) {
        String l = line.toLowerCase(Locale.ROOT);
        if (l.contains("error") || l.contains("fatal") || l.contains("severe") || l.contains("fail")) {
            return "ERROR";
        }
        if (l.contains("warn")) {
            return "WARN";
        }
        if (l.contains("debug")) {
            return "DEBUG";
        }
        return "INFO";
    }
}
