package io.sluice.alert.firing;

import io.r2dbc.spi.Readable;
import io.sluice.alert.rule.AlertRule;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Firings in MySQL ({@code alert_firing}), over R2DBC. */
public class FiringRepository {

    private static final String COLUMNS = "id, rule_id, tenant, fired_at, observed_count, observed_value, threshold, window_seconds,"
            + " notify_status, notify_attempts, notify_error, notified_at";

    private final DatabaseClient db;

    /** Reads and writes through {@code db}. */
    public FiringRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Records that {@code rule} fired at {@code firedAt} having observed {@code observedValue}
     * (notification PENDING), under the lease with fencing token {@code token}.
     */
    public Mono<AlertFiring> insert(AlertRule rule, double observedValue, long firedAt, long token) {
        long observedCount = Double.isFinite(observedValue) ? Math.round(observedValue) : 0;
        Double value = Double.isFinite(observedValue) ? observedValue : null;
        DatabaseClient.GenericExecuteSpec spec = db.sql("INSERT INTO alert_firing (rule_id, tenant, fired_at, observed_count, observed_value,"
                        + " threshold, window_seconds, notify_status, notify_attempts, fence_token)"
                        + " VALUES (:rule, :tenant, :at, :observed, :value, :threshold, :window, 'PENDING', 0, :token)")
                .bind("rule", rule.id()).bind("tenant", rule.tenant()).bind("at", firedAt).bind("observed", observedCount)
                .bind("threshold", rule.threshold()).bind("window", rule.windowSeconds()).bind("token", token);
        spec = value == null ? spec.bindNull("value", Double.class) : spec.bind("value", value);
        return spec
                .filter(s -> s.returnGeneratedValues("id"))
                .map(r -> r.get("id", Long.class))
                .one()
                .map(id -> new AlertFiring(id, rule.id(), rule.tenant(), firedAt, observedCount, value, rule.threshold(), rule.windowSeconds(),
                        NotifyStatus.PENDING, 0, null, null));
    }

    /** Records the outcome of the firing's notification. */
    public Mono<Void> recordNotification(long id, NotifyStatus status, int attempts, String error, Long notifiedAt) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("UPDATE alert_firing SET notify_status = :status, notify_attempts = :attempts,"
                        + " notify_error = :error, notified_at = :at WHERE id = :id")
                .bind("status", status.name()).bind("attempts", attempts).bind("id", id);
        spec = error == null ? spec.bindNull("error", String.class) : spec.bind("error", error);
        spec = notifiedAt == null ? spec.bindNull("at", Long.class) : spec.bind("at", notifiedAt);
        return spec.fetch().rowsUpdated().then();
    }

    /** The firings of {@code tenant}, newest first, at most {@code limit}, of one rule when {@code ruleId} is not null. */
    public Flux<AlertFiring> find(String tenant, Long ruleId, int limit) {
        if (ruleId == null) {
            return db.sql("SELECT " + COLUMNS + " FROM alert_firing WHERE tenant = :tenant ORDER BY fired_at DESC, id DESC LIMIT :limit")
                    .bind("tenant", tenant).bind("limit", limit).map(FiringRepository::firing).all();
        }
        return db.sql("SELECT " + COLUMNS + " FROM alert_firing WHERE tenant = :tenant AND rule_id = :rule"
                        + " ORDER BY fired_at DESC, id DESC LIMIT :limit")
                .bind("tenant", tenant).bind("rule", ruleId).bind("limit", limit).map(FiringRepository::firing).all();
    }

    private static AlertFiring firing(Readable r) {
        return new AlertFiring(
                r.get("id", Long.class),
                r.get("rule_id", Long.class),
                r.get("tenant", String.class),
                r.get("fired_at", Long.class),
                r.get("observed_count", Long.class),
                r.get("observed_value", Double.class),
                r.get("threshold", Long.class),
                r.get("window_seconds", Integer.class),
                NotifyStatus.valueOf(r.get("notify_status", String.class)),
                r.get("notify_attempts", Integer.class),
                r.get("notify_error", String.class),
                r.get("notified_at", Long.class));
    }
}
