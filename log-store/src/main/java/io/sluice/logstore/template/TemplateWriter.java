package io.sluice.logstore.template;

import io.r2dbc.spi.Readable;
import io.sluice.logstore.schema.ArchiveSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes the pipeline's mined templates over R2DBC and reads them back for a miner to restore itself.
 *
 * <p>{@link #upsert} adds counts: one multi-row {@code INSERT … ON DUPLICATE KEY UPDATE count = count +
 * VALUES(count)} per {@value #ROWS_PER_STATEMENT} rows, first/last seen widened and the text replaced by
 * the newer (more general) one, so several pipeline instances flushing the same template add up instead
 * of overwriting each other. {@link #addAliases} is {@code INSERT IGNORE}: the first recorded merge of an
 * id wins. Statements run one after another; nothing is buffered here.
 */
public class TemplateWriter {

    /** Rows per statement (7 bind parameters each). */
    public static final int ROWS_PER_STATEMENT = 500;

    private static final String UPSERT_HEAD =
            "INSERT INTO log_template (tenant, service, template_id, template, count, first_seen, last_seen) VALUES ";
    private static final String UPSERT_TAIL = " ON DUPLICATE KEY UPDATE count = count + VALUES(count), "
            + "first_seen = LEAST(first_seen, VALUES(first_seen)), last_seen = GREATEST(last_seen, VALUES(last_seen)), "
            + "template = VALUES(template)";
    private static final String ALIAS_HEAD = "INSERT IGNORE INTO log_template_alias (tenant, service, from_id, into_id) VALUES ";

    private final DatabaseClient db;

    /** Writes through {@code db}; {@code schema} is required so that the tables exist first. */
    public TemplateWriter(DatabaseClient db, ArchiveSchema schema) {
        this.db = db;
        Objects.requireNonNull(schema, "schema");
    }

    /** Adds {@code deltas} (counts since the last flush) to the stored templates, creating missing ones. */
    public Mono<Void> upsert(List<StoredTemplate> deltas) {
        return chunks(deltas.size()).concatMap(range -> {
            List<StoredTemplate> chunk = deltas.subList(range[0], range[1]);
            // One bindValues call: each chained bind() copies every binding so far (quadratic in the rows).
            List<Object> values = new ArrayList<>(chunk.size() * 7);
            for (StoredTemplate t : chunk) {
                Collections.addAll(values, t.tenant(), t.service(), t.id(), t.template(), t.count(), t.firstSeen(), t.lastSeen());
            }
            return db.sql(statement(UPSERT_HEAD, "(?, ?, ?, ?, ?, ?, ?)", chunk.size(), UPSERT_TAIL)).bindValues(values).fetch().rowsUpdated();
        }).then();
    }

    /** Records {@code aliases}; an alias already stored for the same id is kept. */
    public Mono<Void> addAliases(List<TemplateAlias> aliases) {
        return chunks(aliases.size()).concatMap(range -> {
            List<TemplateAlias> chunk = aliases.subList(range[0], range[1]);
            List<Object> values = new ArrayList<>(chunk.size() * 4);
            for (TemplateAlias a : chunk) {
                Collections.addAll(values, a.tenant(), a.service(), a.fromId(), a.intoId());
            }
            return db.sql(statement(ALIAS_HEAD, "(?, ?, ?, ?)", chunk.size(), "")).bindValues(values).fetch().rowsUpdated();
        }).then();
    }

    /**
     * The stored templates of one stream (the {@code maxTemplates} most frequent, handed back oldest
     * first) and all its aliases.
     */
    public Mono<StreamTemplates> load(String tenant, String service, int maxTemplates) {
        Mono<List<StoredTemplate>> templates = db.sql("SELECT tenant, service, template_id, template, count, first_seen, last_seen"
                        + " FROM log_template WHERE tenant = ? AND service = ? ORDER BY count DESC LIMIT ?")
                .bind(0, tenant).bind(1, service).bind(2, maxTemplates)
                .map(TemplateWriter::template)
                .all()
                .sort(Comparator.comparingLong(StoredTemplate::firstSeen).thenComparingLong(StoredTemplate::id))
                .collectList();
        Mono<List<TemplateAlias>> aliases = db.sql("SELECT tenant, service, from_id, into_id FROM log_template_alias WHERE tenant = ? AND service = ?")
                .bind(0, tenant).bind(1, service)
                .map(TemplateWriter::alias)
                .all()
                .collectList();
        return Mono.zip(templates, aliases, StreamTemplates::new);
    }

    /** The (tenant, service) pairs with stored templates, most recently seen first, at most {@code limit}. */
    public Mono<List<TemplateStream>> recentStreams(int limit) {
        return db.sql("SELECT tenant, service FROM log_template GROUP BY tenant, service ORDER BY MAX(last_seen) DESC LIMIT ?")
                .bind(0, limit)
                .map(row -> new TemplateStream(row.get("tenant", String.class), row.get("service", String.class)))
                .all()
                .collectList();
    }

    static StoredTemplate template(Readable row) {
        return new StoredTemplate(row.get("tenant", String.class), row.get("service", String.class), row.get("template_id", Long.class),
                row.get("template", String.class), row.get("count", Long.class), row.get("first_seen", Long.class),
                row.get("last_seen", Long.class));
    }

    static TemplateAlias alias(Readable row) {
        return new TemplateAlias(row.get("tenant", String.class), row.get("service", String.class), row.get("from_id", Long.class),
                row.get("into_id", Long.class));
    }

    private static Flux<int[]> chunks(int size) {
        int n = (size + ROWS_PER_STATEMENT - 1) / ROWS_PER_STATEMENT;
        return Flux.range(0, n).map(i -> new int[] {i * ROWS_PER_STATEMENT, Math.min(size, (i + 1) * ROWS_PER_STATEMENT)});
    }

    private static String statement(String head, String row, int rows, String tail) {
        StringBuilder sql = new StringBuilder(head.length() + rows * (row.length() + 2) + tail.length()).append(head);
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        return sql.append(tail).toString();
    }
}
