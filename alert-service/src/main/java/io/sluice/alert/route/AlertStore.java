package io.sluice.alert.route;

import io.r2dbc.spi.Readable;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

/**
 * The alerts routing knows, one row per tenant and fingerprint in MySQL ({@code alert_instance}).
 * Firing an alert that already fires keeps its start; firing one that had resolved starts it
 * again. Resolved rows stay for a retention period so that groups can report them, then are purged.
 */
public class AlertStore {

    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };

    private final DatabaseClient db;

    /** Reads and writes through {@code db}. */
    public AlertStore(DatabaseClient db) {
        this.db = db;
    }

    /** Records that {@code alert} fires (its {@code endsAt} is ignored); the stored alert. */
    public Mono<Alert> fire(String tenant, Alert alert, long nowMillis) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("INSERT INTO alert_instance (tenant, fingerprint, labels, annotations, starts_at, ends_at, value, updated_at)"
                        + " VALUES (:tenant, :fp, :labels, :annotations, :starts, NULL, :value, :now)"
                        + " ON DUPLICATE KEY UPDATE starts_at = IF(ends_at IS NULL, starts_at, VALUES(starts_at)), ends_at = NULL,"
                        + " annotations = VALUES(annotations), value = VALUES(value), updated_at = VALUES(updated_at)")
                .bind("tenant", tenant).bind("fp", alert.fingerprint())
                .bind("labels", RouteConfigRepository.JSON.writeValueAsString(alert.labels()))
                .bind("annotations", RouteConfigRepository.JSON.writeValueAsString(alert.annotations()))
                .bind("starts", alert.startsAt()).bind("now", nowMillis);
        spec = alert.value() == null ? spec.bindNull("value", Double.class) : spec.bind("value", alert.value());
        return spec.fetch().rowsUpdated()
                .then(find(tenant, alert.fingerprint()));
    }

    /** Records that the alert with {@code labels} resolved at {@code nowMillis}; true when it was firing. */
    public Mono<Boolean> resolve(String tenant, Map<String, String> labels, long nowMillis) {
        return db.sql("UPDATE alert_instance SET ends_at = :now, updated_at = :now WHERE tenant = :tenant AND fingerprint = :fp AND ends_at IS NULL")
                .bind("now", nowMillis).bind("tenant", tenant).bind("fp", Fingerprint.of(labels))
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** The alert {@code fingerprint} of {@code tenant}, or empty. */
    public Mono<Alert> find(String tenant, String fingerprint) {
        return db.sql("SELECT labels, annotations, starts_at, ends_at, value FROM alert_instance WHERE tenant = :tenant AND fingerprint = :fp")
                .bind("tenant", tenant).bind("fp", fingerprint).map(AlertStore::alert).one();
    }

    /** {@code tenant}'s firing alerts and those resolved after {@code resolvedSince}. */
    public Flux<Alert> current(String tenant, long resolvedSince) {
        return db.sql("SELECT labels, annotations, starts_at, ends_at, value FROM alert_instance"
                        + " WHERE tenant = :tenant AND (ends_at IS NULL OR ends_at > :since)")
                .bind("tenant", tenant).bind("since", resolvedSince).map(AlertStore::alert).all();
    }

    /**
     * The alerts linked to the group {@code groupHash} of {@code tenant} (see
     * {@link GroupRepository#join}) that fire or resolved after {@code resolvedSince}: what one
     * group flush reads, instead of every alert of the tenant. Links can be stale (the routing tree
     * changed), so the caller still checks each alert's group key.
     */
    public Flux<Alert> members(String tenant, String groupHash, long resolvedSince) {
        return db.sql("SELECT a.labels, a.annotations, a.starts_at, a.ends_at, a.value FROM alert_group_member m"
                        + " JOIN alert_instance a ON a.tenant = m.tenant AND a.fingerprint = m.fingerprint"
                        + " WHERE m.tenant = :tenant AND m.group_hash = :hash AND (a.ends_at IS NULL OR a.ends_at > :since)")
                .bind("tenant", tenant).bind("hash", groupHash).bind("since", resolvedSince).map(AlertStore::alert).all();
    }

    /**
     * Deletes alerts resolved before {@code resolvedBefore} together with their group links, in one
     * statement (an alert that fires again meanwhile keeps both); how many rows went.
     */
    public Mono<Long> purge(long resolvedBefore) {
        return db.sql("DELETE a, m FROM alert_instance a LEFT JOIN alert_group_member m ON m.tenant = a.tenant AND m.fingerprint = a.fingerprint"
                        + " WHERE a.ends_at IS NOT NULL AND a.ends_at < :before").bind("before", resolvedBefore)
                .fetch().rowsUpdated();
    }

    private static Alert alert(Readable r) {
        Double value = r.get("value", Double.class);
        return new Alert(RouteConfigRepository.JSON.readValue(r.get("labels", String.class), LABELS),
                RouteConfigRepository.JSON.readValue(r.get("annotations", String.class), LABELS),
                r.get("starts_at", Long.class), r.get("ends_at", Long.class), value);
    }
}
