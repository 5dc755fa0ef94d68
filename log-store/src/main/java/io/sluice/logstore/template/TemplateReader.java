package io.sluice.logstore.template;

import io.sluice.logstore.schema.ArchiveSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Reads the stored templates for the API: every stored template merged into another (through
 * {@code log_template_alias}, chains followed) is folded into the live one — counts summed, first/last seen
 * widened, its id listed as an alias — so a reader sees the templates as the miner sees them now.
 *
 * <p>Folding happens in memory over at most {@code scanLimit} stored rows per request (the most frequent),
 * which bounds the work a request can cause; the time and text filters apply to the folded templates.
 */
public class TemplateReader {

    private static final String COLUMNS = "tenant, service, template_id, template, count, first_seen, last_seen";

    private final DatabaseClient db;
    private final int scanLimit;

    /** Reads through {@code db}, folding at most {@code scanLimit} rows per request. */
    public TemplateReader(DatabaseClient db, ArchiveSchema schema, int scanLimit) {
        this.db = db;
        this.scanLimit = scanLimit;
        Objects.requireNonNull(schema, "schema");
    }

    /** The live templates matching {@code query}, most frequent first. */
    public Mono<List<Pattern>> list(PatternQuery query) {
        return folded(query.tenant(), query.service())
                .map(all -> all.stream()
                        .filter(p -> p.lastSeen() >= query.fromNanos() && p.firstSeen() <= query.toNanos())
                        .filter(p -> query.text() == null || p.template().contains(query.text()))
                        .limit(query.limit())
                        .toList());
    }

    /**
     * The live template {@code id} is (or was merged into), of any service of {@code tenant}; empty when the
     * tenant has no such template.
     */
    public Mono<Pattern> get(String tenant, long id) {
        return db.sql("SELECT service FROM log_template WHERE tenant = ? AND template_id = ?"
                        + " UNION SELECT service FROM log_template_alias WHERE tenant = ? AND from_id = ?")
                .bind(0, tenant).bind(1, id).bind(2, tenant).bind(3, id)
                .map(row -> row.get(0, String.class))
                .all()
                .concatMap(service -> folded(tenant, service).flatMapIterable(l -> l))
                .filter(p -> p.id() == id || p.aliases().contains(id))
                .next();
    }

    private Mono<List<Pattern>> folded(String tenant, String service) {
        String where = service == null ? " WHERE tenant = ?" : " WHERE tenant = ? AND service = ?";
        DatabaseClient.GenericExecuteSpec rows = db.sql("SELECT " + COLUMNS + " FROM log_template" + where + " ORDER BY count DESC LIMIT ?")
                .bind(0, tenant);
        DatabaseClient.GenericExecuteSpec aliases = db.sql("SELECT tenant, service, from_id, into_id FROM log_template_alias" + where)
                .bind(0, tenant);
        if (service != null) {
            rows = rows.bind(1, service);
            aliases = aliases.bind(1, service);
        }
        rows = rows.bind(service == null ? 1 : 2, scanLimit);
        return Mono.zip(rows.map(TemplateWriter::template).all().collectList(),
                        aliases.map(TemplateWriter::alias).all().collectList())
                .map(t -> fold(t.getT1(), t.getT2()));
    }

    /** Folds merged-away templates into their live ones; most frequent first. Package-private for tests. */
    static List<Pattern> fold(List<StoredTemplate> rows, List<TemplateAlias> aliasRows) {
        Map<String, List<TemplateAlias>> byService = new HashMap<>();
        for (TemplateAlias a : aliasRows) {
            byService.computeIfAbsent(a.service(), k -> new ArrayList<>()).add(a);
        }
        Map<String, Aliases> resolvers = new HashMap<>();
        byService.forEach((s, list) -> resolvers.put(s, Aliases.of(list)));
        Map<String, StoredTemplate> live = new LinkedHashMap<>();
        for (StoredTemplate r : rows) {
            Aliases a = resolvers.get(r.service());
            if (a == null || !a.isAlias(r.id())) {
                live.put(key(r.service(), r.id()), r);
            }
        }
        Map<String, long[]> totals = new HashMap<>();
        Map<String, TreeSet<Long>> merged = new HashMap<>();
        for (StoredTemplate r : rows) {
            Aliases a = resolvers.get(r.service());
            long target = a == null ? r.id() : a.resolve(r.id());
            String k = key(r.service(), target);
            if (!live.containsKey(k)) {
                continue;
            }
            long[] t = totals.computeIfAbsent(k, x -> new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE});
            t[0] += r.count();
            t[1] = Math.min(t[1], r.firstSeen());
            t[2] = Math.max(t[2], r.lastSeen());
            TreeSet<Long> ids = merged.computeIfAbsent(k, x -> new TreeSet<>());
            if (target != r.id()) {
                ids.add(r.id());
            }
        }
        for (TemplateAlias alias : aliasRows) {
            String k = key(alias.service(), resolvers.get(alias.service()).resolve(alias.fromId()));
            if (live.containsKey(k)) {
                merged.get(k).add(alias.fromId());
            }
        }
        List<Pattern> out = new ArrayList<>(live.size());
        live.forEach((k, r) -> {
            long[] t = totals.get(k);
            out.add(new Pattern(r.service(), r.id(), r.template(), t[0], t[1], t[2], List.copyOf(merged.get(k))));
        });
        out.sort(Comparator.comparingLong(Pattern::count).reversed().thenComparing(Pattern::service).thenComparingLong(Pattern::id));
        return out;
    }

    private static String key(String service, long id) {
        return service + '\u0000' + id;
    }
}
