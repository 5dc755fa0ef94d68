package io.sluice.bench;

import io.sluice.logstore.template.TemplateWriter;
import io.sluice.logstore.write.ArchiveEntry;
import io.sluice.logstore.write.ArchiveSink;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads the query benchmark's data set (issue 5, must-show 3: "query latencies on a 10 M-event data
 * set") straight into an archive database through log-store's own writer ({@code ChunkArchive}
 * behind {@link ArchiveSink}, the code the pipeline writes with), because pushing 10 M events
 * through ingest takes too long on this machine. The events are {@link DatasetEvents}: Loghub-2k
 * lines with fresh digits, 8 services × 4 hosts, levels from the lines, times over the last
 * {@code spanHours} (24) hours, one needle, template ids from the pipeline's miner. Each write holds
 * one stream's whole time slice ({@code slice}, 1 h), so every stream gets one full chunk per slice,
 * as compaction would leave it; the mined templates are stored too ({@code log_template}).
 *
 * <p>Reusable: the database keeps a manifest ({@link DatasetManifest}); when it already holds the
 * set asked for (same events, seed, slice, span, written by code of the same archive schema) and its
 * chunks count that many events, nothing is loaded ({@code -Dreload=true} forces it). Otherwise the database is dropped and loaded afresh.
 * Prints the load rate and the bytes on disk per event (InnoDB data + index of the {@code log_*}
 * tables after {@code ANALYZE TABLE}) against the raw text.
 *
 * <p>Run (after {@code ./mvnw -B -pl bench package -DskipTests}):
 * {@code java -Xms2g -Xmx2g -cp bench/target/benchmarks.jar io.sluice.bench.ArchiveDatasetLoader}
 * with {@code -Devents=} (10,000,000), {@code -Ddatabase=} ({@code sluice_bench10m}), {@code -Dslice=}
 * (1h), {@code -Dseed=} (42), {@code -DspanHours=} (24), {@code -DinFlight=} (4 writes at a time),
 * {@code -DmysqlHost=} (127.0.0.1:3306), {@code -Ddataset=} (the Loghub-2k folder).
 */
public final class ArchiveDatasetLoader {

    static final String TENANT = "default";

    private ArchiveDatasetLoader() {
    }

    public static void main(String[] args) throws Exception {
        long events = Long.getLong("events", 10_000_000L);
        String database = System.getProperty("database", "sluice_bench10m");
        Duration slice = parseDuration(System.getProperty("slice", "1h"));
        long seed = Long.getLong("seed", 42L);
        long spanNanos = TimeUnit.HOURS.toNanos(Integer.getInteger("spanHours", 24));
        int inFlight = Integer.getInteger("inFlight", 4);
        boolean reload = Boolean.getBoolean("reload");

        var existing = DatasetManifest.read(database);
        if (!reload && existing.isPresent() && existing.get().sameSet(events, seed, slice, spanNanos)
                && storedEvents(database) == events) {
            System.out.printf(Locale.ROOT, "%s already holds the set (%,d events, slice %s, seed %d, loaded in %.0f s): not loading%n",
                    database, events, slice, seed, existing.get().loadSeconds());
            report(database, existing.get());
            return;
        }
        existing.ifPresent(m -> System.out.printf(Locale.ROOT, "%s holds another set (%,d events, slice %s, seed %d, written at"
                + " schema V%d, code at V%d): reloading%n", database, m.events(), m.slice(), m.seed(), m.writerSchema(),
                DatasetManifest.currentSchema()));
        recreate(database);
        DatasetManifest manifest = load(database, events, slice, seed, spanNanos, inFlight);
        manifest.write(database);
        report(database, manifest);
    }

    private static DatasetManifest load(String database, long events, Duration slice, long seed, long spanNanos, int inFlight)
            throws Exception {
        long startNanos = System.currentTimeMillis() * 1_000_000L - spanNanos - TimeUnit.MINUTES.toNanos(1);
        SplittableRandom needles = new SplittableRandom(seed ^ 0x5DEECE66DL);
        String needle = String.format(Locale.ROOT, "needle%016x%016x", needles.nextLong(), needles.nextLong());
        long needleAt = needles.nextLong(events);
        DatasetEvents generator = new DatasetEvents(LoadEvents.load(), TENANT, events, startNanos, spanNanos, slice.toNanos(), seed,
                needle, needleAt);
        System.out.printf(Locale.ROOT, "loading %,d events into %s: slice %s, %d writes in flight, needle %s at #%,d%n",
                events, database, slice, inFlight, needle, needleAt);
        try (ArchiveContext archive = new ArchiveContext(database, slice, Map.of("sluice.mysql.pool-size", "4"))) {
            ArchiveSink sink = archive.bean(ArchiveSink.class);
            Semaphore slots = new Semaphore(inFlight);
            AtomicLong written = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long t0 = System.nanoTime();
            long lastReport = t0;
            List<List<ArchiveEntry>> writes;
            while ((writes = generator.nextSlice()) != null && failure.get() == null) {
                for (List<ArchiveEntry> call : writes) {
                    slots.acquire();
                    sink.write(call).doFinally(s -> slots.release())
                            .subscribe(written::addAndGet, e -> failure.compareAndSet(null, e));
                }
                if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                    lastReport = System.nanoTime();
                    System.out.printf(Locale.ROOT, "  %,.0f s: %,d events written%n", (lastReport - t0) / 1e9, written.get());
                }
            }
            slots.acquire(inFlight);
            if (failure.get() != null) {
                throw new IllegalStateException("a write failed", failure.get());
            }
            TemplateWriter templates = archive.bean(TemplateWriter.class);
            templates.upsert(generator.templates()).then(templates.addAliases(generator.aliases())).block(Duration.ofMinutes(5));
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (written.get() != events) {
                throw new IllegalStateException("wrote " + written.get() + " of " + events + " events");
            }
            System.out.printf(Locale.ROOT, "loaded %,d events in %.1f s: %,.0f events/s (generate + mine + encode + write)%n",
                    events, seconds, events / seconds);
            return new DatasetManifest(DatasetManifest.GENERATOR, TENANT, events, seed, slice, startNanos, spanNanos, needle,
                    generator.rawBytes(), seconds, DatasetManifest.currentSchema());
        }
    }

    /** Prints the set's storage figures as Markdown rows. */
    static void report(String database, DatasetManifest m) throws Exception {
        long onDisk = archiveBytes(database);
        try (Connection c = ArchiveContext.jdbc(database); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*), SUM(events), SUM(stored_bytes), SUM(LENGTH(bloom)), SUM(raw_bytes),"
                        + " COUNT(DISTINCT stream_id) FROM log_chunk")) {
            r.next();
            long chunks = r.getLong(1);
            long events = r.getLong(2);
            System.out.println();
            System.out.printf(Locale.ROOT, "| %s | value |%n|---|---|%n", database);
            System.out.printf(Locale.ROOT, "| events / streams / chunks | %,d / %d / %,d (%,.0f events per chunk) |%n", events, r.getLong(6),
                    chunks, (double) events / chunks);
            System.out.printf(Locale.ROOT, "| time range | %s + %d h, chunk slice %s |%n",
                    java.time.Instant.ofEpochSecond(0, m.startNanos()), TimeUnit.NANOSECONDS.toHours(m.spanNanos()), m.slice());
            System.out.printf(Locale.ROOT, "| load: seconds / events/s | %.1f / %,.0f |%n", m.loadSeconds(), m.events() / m.loadSeconds());
            System.out.printf(Locale.ROOT, "| raw text bytes/event | %.1f |%n", (double) m.rawBytes() / m.events());
            System.out.printf(Locale.ROOT, "| chunk data / bloom bytes/event | %.2f / %.2f |%n", (double) r.getLong(3) / events,
                    (double) r.getLong(4) / events);
            System.out.printf(Locale.ROOT, "| archive on disk bytes/event (InnoDB data + index, log_*) | %.1f |%n", (double) onDisk / events);
            System.out.printf(Locale.ROOT, "| **raw / on disk** | **%.1f×** |%n", (double) m.rawBytes() / onDisk);
            System.out.printf(Locale.ROOT, "| machine load average now (1/5/15 min) | %s |%n", QueryLatencyHarness.loadAverage());
        }
    }

    /** InnoDB data + index bytes of the archive's tables ({@code log_*}) after refreshing the statistics (also EndToEndLoadHarness's measure). */
    static long archiveBytes(String database) throws Exception {
        try (Connection c = ArchiveContext.jdbc(database); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + database
                    + "' AND table_name LIKE 'log\\_%'")) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            for (String table : tables) {
                s.execute("ANALYZE TABLE `" + table + "`");
            }
            try (ResultSet r = s.executeQuery("SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.tables"
                    + " WHERE table_schema = '" + database + "' AND table_name LIKE 'log\\_%'")) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static long storedEvents(String database) throws Exception {
        try (Connection c = ArchiveContext.jdbc(database); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COALESCE(SUM(events), 0) FROM log_chunk")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void recreate(String database) throws Exception {
        try (Connection c = ArchiveContext.jdbc(""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + database + "`");
            s.execute("CREATE DATABASE `" + database + "`");
        }
    }

    /** {@code 90s}, {@code 30m}, {@code 1h}, {@code 1d}. */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException("a duration like 90s, 30m, 1h or 1d, was " + text);
        };
    }
}
