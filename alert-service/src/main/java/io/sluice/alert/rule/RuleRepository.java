package io.sluice.alert.rule;

import io.r2dbc.spi.Readable;
import io.sluice.alert.route.DurationText;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alert rules in MySQL ({@code alert_rule}), over R2DBC. State changes are conditional updates,
 * so that of several concurrent evaluations (or service instances) exactly one performs a given
 * transition. Labels, annotations and the anomaly filter are stored as JSON text.
 */
public class RuleRepository {

    private static final String COLUMNS = "id, tenant, name, kind, query, threshold, window_seconds, for_seconds, severity, labels,"
            + " annotations, anomaly_filter, webhook_url, enabled, state, state_changed_at, defined_at";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() { };

    private final DatabaseClient db;

    /**
     * What analytics counts for one rule.
     *
     * @param ruleId the rule
     * @param tenant its tenant
     * @param query the log query whose matches are counted
     */
    public record MatchQuery(long ruleId, String tenant, String query) {
    }

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

    /** The log queries of the enabled rules that count matches (what analytics must match), by rule id. */
    public Flux<MatchQuery> findMatchQueries() {
        return db.sql("SELECT id, tenant, match_query FROM alert_rule WHERE enabled AND match_query IS NOT NULL ORDER BY id")
                .map(r -> new MatchQuery(r.get("id", Long.class), r.get("tenant", String.class), r.get("match_query", String.class)))
                .all();
    }

    /** The enabled {@code anomaly} rules of {@code tenants}. */
    public Flux<AlertRule> findEnabledAnomalyRules(Collection<String> tenants) {
        if (tenants.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("SELECT " + COLUMNS + " FROM alert_rule WHERE enabled AND kind = 'anomaly' AND tenant IN (:tenants) ORDER BY id")
                .bind("tenants", tenants).map(RuleRepository::rule).all();
    }

    /** Ids of the rules the periodic evaluation looks at: enabled ones, and pending or firing ones (to settle them). */
    public Flux<Long> findIdsToEvaluate() {
        return db.sql("SELECT id FROM alert_rule WHERE enabled OR state <> 'OK'").map(r -> r.get("id", Long.class)).all();
    }

    /** The rule {@code id}, or empty. */
    public Mono<AlertRule> findById(long id) {
        return db.sql("SELECT " + COLUMNS + " FROM alert_rule WHERE id = :id").bind("id", id).map(RuleRepository::rule).one();
    }

    /** Stores a new rule (state OK) created at {@code nowMillis}. */
    public Mono<AlertRule> insert(RuleDraft d, long nowMillis) {
        return bindDefinition(db.sql("INSERT INTO alert_rule (tenant, name, kind, query, match_query, threshold, window_seconds, for_seconds,"
                        + " severity, labels, annotations, anomaly_filter, webhook_url, enabled, state, state_changed_at, created_at, defined_at)"
                        + " VALUES (:tenant, :name, :kind, :query, :match, :threshold, :window, :for, :severity, :labels, :annotations,"
                        + " :anomaly, :url, :enabled, 'OK', :now, :now, :now)"), d)
                .bind("now", nowMillis)
                .filter(s -> s.returnGeneratedValues("id"))
                .map(r -> r.get("id", Long.class))
                .one()
                .flatMap(this::findById);
    }

    /**
     * Replaces the definition of rule {@code id} at {@code nowMillis} (its state is kept); empty
     * when there is no such rule.
     */
    public Mono<AlertRule> update(long id, RuleDraft d, long nowMillis) {
        return findById(id).flatMap(existing -> bindDefinition(db.sql("UPDATE alert_rule SET tenant = :tenant, name = :name, kind = :kind,"
                        + " query = :query, match_query = :match, threshold = :threshold, window_seconds = :window, for_seconds = :for,"
                        + " severity = :severity, labels = :labels, annotations = :annotations, anomaly_filter = :anomaly,"
                        + " webhook_url = :url, enabled = :enabled, defined_at = :now WHERE id = :id"), d)
                .bind("now", nowMillis).bind("id", id)
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

    /**
     * Moves rule {@code id} from {@code from} to {@code to} at {@code nowMillis} if it is still in
     * {@code from}, without a fencing token: for changes made through the API (an edited or deleted
     * rule's alert resolving), which are not evaluations and belong to no lease.
     */
    public Mono<Boolean> transition(long id, RuleState from, RuleState to, long nowMillis) {
        return db.sql("UPDATE alert_rule SET state = :to, state_changed_at = :now WHERE id = :id AND state = :from")
                .bind("to", to.name()).bind("now", nowMillis).bind("id", id).bind("from", from.name())
                .fetch().rowsUpdated()
                .map(n -> n == 1);
    }

    private static DatabaseClient.GenericExecuteSpec bindDefinition(DatabaseClient.GenericExecuteSpec spec, RuleDraft d) {
        spec = spec.bind("tenant", d.tenant()).bind("name", d.name()).bind("kind", d.kind().wire()).bind("query", d.query())
                .bind("threshold", d.threshold()).bind("window", d.windowSeconds()).bind("for", d.forSeconds())
                .bind("severity", d.severity().wire()).bind("labels", JSON.writeValueAsString(d.labels()))
                .bind("annotations", JSON.writeValueAsString(d.annotations())).bind("url", d.webhookUrl()).bind("enabled", d.enabled());
        spec = d.matchQuery() == null ? spec.bindNull("match", String.class) : spec.bind("match", d.matchQuery());
        return d.anomaly() == null ? spec.bindNull("anomaly", String.class) : spec.bind("anomaly", JSON.writeValueAsString(d.anomaly()));
    }

    private static AlertRule rule(Readable r) {
        String labels = r.get("labels", String.class);
        String annotations = r.get("annotations", String.class);
        String anomaly = r.get("anomaly_filter", String.class);
        return new AlertRule(
                r.get("id", Long.class),
                r.get("tenant", String.class),
                r.get("name", String.class),
                RuleKind.fromWire(r.get("kind", String.class)),
                r.get("query", String.class),
                r.get("threshold", Long.class),
                r.get("window_seconds", Integer.class),
                DurationText.format(Duration.ofSeconds(r.get("for_seconds", Integer.class))),
                Severity.fromWire(r.get("severity", String.class)),
                labels == null ? Map.of() : JSON.readValue(labels, MAP),
                annotations == null ? Map.of() : JSON.readValue(annotations, MAP),
                anomaly == null ? null : JSON.readValue(anomaly, AnomalyFilter.class),
                r.get("webhook_url", String.class),
                bool(r.get("enabled")),
                RuleState.valueOf(r.get("state", String.class)),
                r.get("state_changed_at", Long.class),
                r.get("defined_at", Long.class));
    }

    private static boolean bool(Object v) {
        return v instanceof Boolean b ? b : ((Number) v).intValue() != 0;
    }
}
