package io.sluice.logstore.write;

import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.schema.ArchiveSchema;
import java.util.List;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Appends events to the archive over R2DBC: one multi-row {@code INSERT IGNORE} per chunk of
 * {@value #ROWS_PER_STATEMENT} events, so that a redelivered event (same tenant and id) is a
 * no-op. Chunks are written one after another; nothing is buffered here.
 */
public class ArchiveWriter {

    /** Rows per INSERT statement (9 bind parameters each). */
    public static final int ROWS_PER_STATEMENT = 500;

    private static final String INSERT_HEAD =
            "INSERT IGNORE INTO log_event (tenant, event_id, ts_nanos, service, host, level, message, attributes, fields) VALUES ";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final DatabaseClient db;

    /** Writes through {@code db}; {@code schema} is required so that the table exists first. */
    public ArchiveWriter(DatabaseClient db, ArchiveSchema schema) {
        this.db = db;
        Objects.requireNonNull(schema, "schema");
    }

    /**
     * Inserts {@code events}, skipping those already archived.
     *
     * @return the number of rows actually inserted (events already present are not counted)
     */
    public Mono<Long> write(List<ArchivedEvent> events) {
        if (events.isEmpty()) {
            return Mono.just(0L);
        }
        int chunks = (events.size() + ROWS_PER_STATEMENT - 1) / ROWS_PER_STATEMENT;
        return Flux.range(0, chunks)
                .concatMap(i -> insert(events.subList(i * ROWS_PER_STATEMENT, Math.min(events.size(), (i + 1) * ROWS_PER_STATEMENT))))
                .reduce(0L, Long::sum);
    }

    private Mono<Long> insert(List<ArchivedEvent> chunk) {
        StringBuilder sql = new StringBuilder(INSERT_HEAD.length() + chunk.size() * (ROW.length() + 2)).append(INSERT_HEAD);
        for (int i = 0; i < chunk.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(ROW);
        }
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString());
        int p = 0;
        for (ArchivedEvent e : chunk) {
            spec = spec.bind(p++, e.tenant())
                    .bind(p++, e.id())
                    .bind(p++, e.timestampNanos())
                    .bind(p++, e.service())
                    .bind(p++, e.host())
                    .bind(p++, e.level())
                    .bind(p++, e.message());
            spec = e.attributesJson() == null ? spec.bindNull(p++, String.class) : spec.bind(p++, e.attributesJson());
            spec = e.fieldsJson() == null ? spec.bindNull(p++, String.class) : spec.bind(p++, e.fieldsJson());
        }
        return spec.fetch().rowsUpdated();
    }
}
