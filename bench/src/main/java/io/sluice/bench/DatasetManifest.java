package io.sluice.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * What a database loaded by {@link ArchiveDatasetLoader} holds, kept in its one-row table
 * {@code bench_dataset} (written last, after every chunk is committed, so a database with a manifest
 * holds the whole set): the parameters the set was generated from — a later load with the same
 * ones is skipped — and what {@link QueryLatencyHarness} needs to query it (time range, needle,
 * tenant, the chunk slice the reader must use).
 *
 * @param generator version of the generator; a set made by another version is reloaded
 * @param tenant tenant of every event
 * @param events events stored
 * @param seed seed of the random digits, hosts and needle position
 * @param slice longest time span of one chunk ({@code sluice.logstore.chunk.slice} of writer and reader)
 * @param startNanos time of the first event
 * @param spanNanos events lie in {@code [startNanos, startNanos + spanNanos)}
 * @param needle the unique token one event carries
 * @param rawBytes message bytes plus one newline per event
 * @param loadSeconds wall time of the load
 * @param writerSchema the newest archive migration (log-store's {@code db/logstore/V<n>__*.sql}) of the
 *     code that wrote the set, {@code 0} when unknown: a set written before a migration lacks what the
 *     migration added (e.g. per-minute histograms), so it is reloaded rather than reused
 */
record DatasetManifest(String generator, String tenant, long events, long seed, Duration slice, long startNanos, long spanNanos,
        String needle, long rawBytes, double loadSeconds, int writerSchema) {

    static final String GENERATOR = "loghub-2k/v1";

    /** Whether this set was made from the same parameters by a writer of the current archive schema. */
    boolean sameSet(long events, long seed, Duration slice, long spanNanos) {
        return GENERATOR.equals(generator) && this.events == events && this.seed == seed && this.slice.equals(slice)
                && this.spanNanos == spanNanos && writerSchema == currentSchema();
    }

    /** The newest archive migration on the classpath (the {@code n} of {@code db/logstore/V<n>__*.sql}). */
    static int currentSchema() {
        try {
            int newest = 0;
            for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:db/logstore/V*__*.sql")) {
                String name = r.getFilename();
                if (name != null) {
                    newest = Math.max(newest, Integer.parseInt(name.substring(1, name.indexOf("__"))));
                }
            }
            return newest;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The manifest of {@code database}, empty when the database, the table or its row is missing. */
    static Optional<DatasetManifest> read(String database) throws SQLException {
        try (Connection c = ArchiveContext.jdbc(""); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT 1 FROM information_schema.tables WHERE table_schema = '" + database
                    + "' AND table_name = 'bench_dataset'")) {
                if (!r.next()) {
                    return Optional.empty();
                }
            }
            try (ResultSet r = s.executeQuery("SELECT * FROM `" + database + "`.bench_dataset")) {
                if (!r.next()) {
                    return Optional.empty();
                }
                boolean hasSchema = r.getMetaData().getColumnCount() > 10;
                return Optional.of(new DatasetManifest(r.getString("generator"), r.getString("tenant"), r.getLong("events"),
                        r.getLong("seed"), Duration.ofSeconds(r.getLong("slice_seconds")), r.getLong("start_nanos"),
                        r.getLong("span_nanos"), r.getString("needle"), r.getLong("raw_bytes"), r.getDouble("load_seconds"),
                        hasSchema ? r.getInt("writer_schema") : 0));
            }
        }
    }

    /** Stores this manifest as the only row of {@code database}'s {@code bench_dataset}. */
    void write(String database) throws SQLException {
        try (Connection c = ArchiveContext.jdbc(database); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_dataset (generator VARCHAR(64) NOT NULL, tenant VARCHAR(64) NOT NULL,"
                    + " events BIGINT NOT NULL, seed BIGINT NOT NULL, slice_seconds BIGINT NOT NULL, start_nanos BIGINT NOT NULL,"
                    + " span_nanos BIGINT NOT NULL, needle VARCHAR(128) NOT NULL, raw_bytes BIGINT NOT NULL, load_seconds DOUBLE NOT NULL,"
                    + " writer_schema INT NOT NULL)");
            s.execute("DELETE FROM bench_dataset");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO bench_dataset (generator, tenant, events, seed, slice_seconds,"
                    + " start_nanos, span_nanos, needle, raw_bytes, load_seconds, writer_schema) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, generator);
                p.setString(2, tenant);
                p.setLong(3, events);
                p.setLong(4, seed);
                p.setLong(5, slice.toSeconds());
                p.setLong(6, startNanos);
                p.setLong(7, spanNanos);
                p.setString(8, needle);
                p.setLong(9, rawBytes);
                p.setDouble(10, loadSeconds);
                p.setInt(11, writerSchema);
                p.executeUpdate();
            }
        }
    }
}
