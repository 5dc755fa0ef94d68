package io.sluice.alert.rule;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Alert rules in MySQL ({@code alert_rule}), over R2DBC. State changes are conditional updates,
 * so that of several concurrent evaluations (or service instances) exactly one performs a given
 * transition.
 */
public class RuleRepository {

    private static final String COLUMNS = "id, tenant, name, query, threshold, window_seconds, webhook_url, enabled, state";

    private final DatabaseClient db;

    /** Reads and writes through {@code db}. */
    public RuleRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Every rule, or those of {@code tenant} when not null, by id. */
    public Flux<AlertRule> findAll(String tenant) {
        if (tenant == null) {
            return db.sql("SELECT " + COLUMNS + " FROM alert_rule ORDER BY id").map(RuleRepository::rule).all();
        }
        return db.sql("SELECT " + COLUMNS + " FROM alert_rule WHERE tenant = :tenant ORDER BY id")
                .bind("tenant", tenant).map(RuleRepository::rule).all();
    }

    /** The enabled rules (what analytics must match). */
    public Flux<AlertRule> findEnabled() {
        return db.sql("SELECT " + COLUMNS + " FROM alert_rule WHERE enabled ORDER BY id").map(RuleRepository::rule).all();
    }

    /** Ids of the rules the periodic evaluation looks at: enabled ones, and firing ones (to resolve them). */
    public Flux<Long> findIdsToEvaluate() {
        return db.sql("SELECT id FROM alert_rule WHERE enabled OR state = 'FIRING'").map(r -> r.get("id", Long.class)).all();
    }

    /** The rule {@code id}, or empty. */
    public Mono<AlertRule> findById(long id) {
        return db.sql("SELECT " + COLUMNS + " FROM alert_rule WHERE id = :id").bind("id", id).map(RuleRepository::rule).one();
    }

    /** Stores a new rule (state OK) created at {@code nowMillis}. */
    public Mono<AlertRule> insert(RuleDraft d, long nowMillis) {
        return db.sql("INSERT INTO alert_rule (tenant, name, query, threshold, window_seconds, webhook_url, enabled, state, state_changed_at, created_at)"
                        + " VALUES (:tenant, :name, :query, :threshold, :window, :url, :enabled, 'OK', :now, :now)")
                .bind("tenant", d.tenant()).bind("name", d.name()).bind("query", d.query()).bind("threshold", d.threshold())
                .bind("window", d.windowSeconds()).bind("url", d.webhookUrl()).bind("enabled", d.enabled()).bind("now", nowMillis)
                .filter(s -> s.returnGeneratedValues("id"))
                .map(r -> r.get("id", Long.class))
                .one()
                .flatMap(this::findById);
    }

    /** Replaces the definition of rule {@code id} (its state is kept); empty when there is no such rule. */
    public Mono<AlertRule> update(long id, RuleDraft d) {
        return findById(id).flatMap(existing -> db.sql("UPDATE alert_rule SET tenant = :tenant, name = :name, query = :query,"
                        + " threshold = :threshold, window_seconds = :window, webhook_url = :url, enabled = :enabled WHERE id = :id")
                .bind("tenant", d.tenant()).bind("name", d.name()).bind("query", d.query()).bind("threshold", d.threshold())
                .bind("window", d.windowSeconds()).bind("url", d.webhookUrl()).bind("enabled", d.enabled()).bind("id", id)
                .fetch().rowsUpdated()
                .then(findById(id)));
    }

    /** Deletes rule {@code id}; true when it existed. Its firings are kept as history. */
    public Mono<Boolean> delete(long id) {
        return db.sql("DELETE FROM alert_rule WHERE id = :id").bind("id", id).fetch().rowsUpdated().map(n -> n > 0);
    }

    /**
     * Moves rule {@code id} from {@code from} to {@code to} at {@code nowMillis} if it is still in
     * {@code from} and its fencing token is not newer than {@code token} (the writer's lease has not
     * been taken over); true when this call made the change.
     */
    public Mono<Boolean> transition(long id, RuleState from, RuleState to, long nowMillis, long token) {
        return db.sql("UPDATE alert_rule SET state = :to, state_changed_at = :now, fence_token = :token"
                        + " WHERE id = :id AND state = :from AND fence_token <= :token")
                .bind("to", to.name()).bind("now", nowMillis).bind("id", id).bind("from", from.name()).bind("token", token)
                .fetch().rowsUpdated()
                .map(n -> n == 1);
    }

    private static AlertRule rule(Readable r) {
        return new AlertRule(
                r.get("id", Long.class),
                r.get("tenant", String.class),
                r.get("name", String.class),
                r.get("query", String.class),
                r.get("threshold", Long.class),
                r.get("window_seconds", Integer.class),
                r.get("webhook_url", String.class),
                bool(r.get("enabled")),
                RuleState.valueOf(r.get("state", String.class)));
    }

    private static boolean bool(Object v) {
        return v instanceof Boolean b ? b : ((Number) v).intValue() != 0;
    }
}
