package io.sluice.pipeline.rules;

import io.r2dbc.spi.Readable;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pipeline rules in MySQL ({@code pipeline_rule}, {@code pipeline_rule_set}) over R2DBC. Every
 * change of a tenant's rules raises its rule-set version in the same transaction, so a reader that
 * saw version n has seen every change up to n. Every method is scoped to one tenant.
 */
public class RuleStore {

    private static final String COLUMNS = "id, name, position, enabled, match_query, action, params";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    /** Reads and writes through {@code db}; changes run in {@code tx}. */
    public RuleStore(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /** A change's result: the rule as stored now and the tenant's new rule-set version. */
    public record Change(PipelineRule rule, long version) {
    }

    /** A tenant's rules (all, or enabled only) in (position, id) order, read after the version. */
    public record Snapshot(long version, List<PipelineRule> rules) {
    }

    /** The version, then the rules, of {@code tenant}: the rules are at least as new as the version. */
    public Mono<Snapshot> snapshot(String tenant, boolean enabledOnly) {
        return version(tenant).flatMap(v -> db.sql("SELECT " + COLUMNS + " FROM pipeline_rule WHERE tenant = :tenant"
                        + (enabledOnly ? " AND enabled" : "") + " ORDER BY position, id")
                .bind("tenant", tenant).map(RuleStore::rule).all().collectList()
                .map(rules -> new Snapshot(v, rules)));
    }

    /** The version of {@code tenant}'s rule set; {@code 0} when it never had rules. */
    public Mono<Long> version(String tenant) {
        return db.sql("SELECT version FROM pipeline_rule_set WHERE tenant = :tenant").bind("tenant", tenant)
                .map(r -> r.get("version", Long.class)).one().defaultIfEmpty(0L);
    }

    /** Tenant → rule-set version, for every tenant that ever had rules. */
    public Flux<TenantVersion> versions() {
        return db.sql("SELECT tenant, version FROM pipeline_rule_set")
                .map(r -> new TenantVersion(r.get("tenant", String.class), r.get("version", Long.class))).all();
    }

    /** A tenant's rule-set version. */
    public record TenantVersion(String tenant, long version) {
    }

    /** Rule {@code id} of {@code tenant}, or empty. */
    public Mono<PipelineRule> find(String tenant, long id) {
        return db.sql("SELECT " + COLUMNS + " FROM pipeline_rule WHERE tenant = :tenant AND id = :id")
                .bind("tenant", tenant).bind("id", id).map(RuleStore::rule).one();
    }

    /** Stores a new rule (after the tenant's last one when it has no position). */
    public Mono<Change> insert(String tenant, RuleDraft d, long nowMillis) {
        Mono<Integer> position = d.position() != null ? Mono.just(d.position())
                : db.sql("SELECT COALESCE(MAX(position), 0) + 10 AS next FROM pipeline_rule WHERE tenant = :tenant")
                        .bind("tenant", tenant).map(r -> r.get("next", Long.class).intValue()).one();
        Mono<Change> work = position.flatMap(pos -> db.sql("INSERT INTO pipeline_rule"
                                + " (tenant, name, position, enabled, match_query, action, params, created_at, updated_at)"
                                + " VALUES (:tenant, :name, :position, :enabled, :match, :action, :params, :now, :now)")
                        .bind("tenant", tenant).bind("name", d.name()).bind("position", pos).bind("enabled", d.enabled())
                        .bind("match", d.match()).bind("action", d.action().wireName()).bind("params", JSON.writeValueAsString(d.params()))
                        .bind("now", nowMillis)
                        .filter(s -> s.returnGeneratedValues("id"))
                        .map(r -> r.get("id", Long.class))
                        .one())
                .flatMap(id -> bump(tenant, nowMillis).flatMap(v -> find(tenant, id).map(rule -> new Change(rule, v))));
        return tx.transactional(work);
    }

    /** Replaces rule {@code id}'s definition (keeping its position when none is given); empty when there is no such rule. */
    public Mono<Change> update(String tenant, long id, RuleDraft d, long nowMillis) {
        Mono<Change> work = find(tenant, id).flatMap(existing -> db.sql("UPDATE pipeline_rule SET name = :name, position = :position,"
                                + " enabled = :enabled, match_query = :match, action = :action, params = :params, updated_at = :now"
                                + " WHERE tenant = :tenant AND id = :id")
                        .bind("name", d.name()).bind("position", d.position() == null ? existing.position() : d.position())
                        .bind("enabled", d.enabled()).bind("match", d.match()).bind("action", d.action().wireName())
                        .bind("params", JSON.writeValueAsString(d.params())).bind("now", nowMillis)
                        .bind("tenant", tenant).bind("id", id)
                        .fetch().rowsUpdated()
                        .then(bump(tenant, nowMillis))
                        .flatMap(v -> find(tenant, id).map(rule -> new Change(rule, v))));
        return tx.transactional(work);
    }

    /** Deletes rule {@code id}; the tenant's new version, or empty when there was no such rule. */
    public Mono<Long> delete(String tenant, long id, long nowMillis) {
        Mono<Long> work = db.sql("DELETE FROM pipeline_rule WHERE tenant = :tenant AND id = :id")
                .bind("tenant", tenant).bind("id", id).fetch().rowsUpdated()
                .filter(n -> n > 0)
                .flatMap(n -> bump(tenant, nowMillis));
        return tx.transactional(work);
    }

    private Mono<Long> bump(String tenant, long nowMillis) {
        return db.sql("INSERT INTO pipeline_rule_set (tenant, version, updated_at) VALUES (:tenant, 1, :now)"
                        + " ON DUPLICATE KEY UPDATE version = version + 1, updated_at = VALUES(updated_at)")
                .bind("tenant", tenant).bind("now", nowMillis)
                .fetch().rowsUpdated()
                .then(version(tenant));
    }

    private static PipelineRule rule(Readable r) {
        return new PipelineRule(
                r.get("id", Long.class),
                r.get("name", String.class),
                r.get("position", Integer.class),
                bool(r.get("enabled")),
                r.get("match_query", String.class),
                r.get("action", String.class),
                JSON.readValue(r.get("params", String.class), RuleParams.class));
    }

    private static boolean bool(Object v) {
        return v instanceof Boolean b ? b : ((Number) v).intValue() != 0;
    }
}
