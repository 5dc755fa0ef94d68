package io.sluice.logstore.query;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Readable;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.schema.ArchiveSchema;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The archive's query engine: translates a {@link SearchRequest} into SQL whose every user-given
 * value is a bind parameter, and runs the page query (newest first) and the exact count
 * concurrently on two pooled connections.
 *
 * <p>Each statement is bounded on the server by {@code queryTimeout} (MariaDB:
 * {@code SET STATEMENT max_statement_time=… FOR SELECT …}; MySQL: the
 * {@code MAX_EXECUTION_TIME} optimizer hint), and on the client one second later; either ends the
 * search with a {@link SearchTimeoutException}; other database errors arrive as Spring's
 * {@code DataAccessException}s. The server flavour is read once, on first use.
 */
public class ArchiveSearch {

    private static final String COLUMNS = "event_id, tenant, ts_nanos, service, host, level, message, attributes, fields";
    private static final int MARIADB_STATEMENT_TIMEOUT = 1969;
    private static final int MYSQL_STATEMENT_TIMEOUT = 3024;

    private final DatabaseClient db;
    private final Duration queryTimeout;
    private final Mono<Boolean> mariaDb;

    /** Searches through {@code db}; {@code schema} is required so that the table exists first. */
    public ArchiveSearch(DatabaseClient db, ArchiveSchema schema, Duration queryTimeout) {
        this.db = db;
        this.queryTimeout = queryTimeout;
        Objects.requireNonNull(schema, "schema");
        this.mariaDb = db.sql("SELECT VERSION()")
                .map(row -> String.valueOf(row.get(0, String.class)).toLowerCase(Locale.ROOT).contains("mariadb"))
                .one()
                .cacheInvalidateIf(ignored -> false);
    }

    /** Runs {@code request}: the newest matching events up to the limit, and the exact total. */
    public Mono<SearchResult> search(SearchRequest request) {
        SqlWhere where = SqlWhere.of(request);
        return mariaDb.flatMap(isMariaDb -> {
            Mono<Long> total = select(isMariaDb, "COUNT(*)", where, "", List.of())
                    .map(row -> row.get(0, Long.class))
                    .one()
                    .defaultIfEmpty(0L);
            Mono<List<ArchivedEvent>> page = request.limit() == 0
                    ? Mono.just(List.of())
                    : select(isMariaDb, COLUMNS, where, " ORDER BY ts_nanos DESC, event_id DESC LIMIT ?", List.of(request.limit()))
                            .map(ArchiveSearch::toEvent)
                            .all()
                            .collectList();
            return Mono.zip(page, total, SearchResult::new);
        })
                .timeout(queryTimeout.plusSeconds(1))
                .onErrorMap(this::isTimeout, e -> new SearchTimeoutException(
                        "the search took longer than " + queryTimeout.toMillis() + " ms and was stopped: narrow the time range or add a selector", e));
    }

    private DatabaseClient.GenericExecuteSpec select(boolean isMariaDb, String what, SqlWhere where, String tail, List<Object> tailParams) {
        String sql = isMariaDb
                ? "SET STATEMENT max_statement_time=" + seconds(queryTimeout) + " FOR SELECT " + what
                : "SELECT /*+ MAX_EXECUTION_TIME(" + Math.max(1, queryTimeout.toMillis()) + ") */ " + what;
        sql += " FROM log_event WHERE " + where.sql() + tail;
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql);
        int i = 0;
        for (Object p : where.params()) {
            spec = spec.bind(i++, p);
        }
        for (Object p : tailParams) {
            spec = spec.bind(i++, p);
        }
        return spec;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", Math.max(1, d.toMillis()) / 1000.0);
    }

    private boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
            if (t instanceof R2dbcException r
                    && (r.getErrorCode() == MARIADB_STATEMENT_TIMEOUT || r.getErrorCode() == MYSQL_STATEMENT_TIMEOUT)) {
                return true;
            }
        }
        return false;
    }

    private static ArchivedEvent toEvent(Readable row) {
        return new ArchivedEvent(
                row.get("event_id", String.class),
                row.get("tenant", String.class),
                row.get("ts_nanos", Long.class),
                row.get("service", String.class),
                row.get("host", String.class),
                row.get("level", String.class),
                row.get("message", String.class),
                row.get("attributes", String.class),
                row.get("fields", String.class));
    }
}
