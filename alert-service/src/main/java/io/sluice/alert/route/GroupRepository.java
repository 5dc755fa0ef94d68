package io.sluice.alert.route;

import io.r2dbc.spi.Readable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

/**
 * Aggregation groups in MySQL ({@code alert_group}): one row per tenant and group key (hashed
 * to a fixed-width primary key) holding the group's timer and its notification log. Shared by
 * every instance: creation is {@code INSERT IGNORE} (the first alert's timer wins), and a flush
 * works on a row it locked with {@code SELECT … FOR UPDATE SKIP LOCKED}, so two instances never
 * flush the same group at once. Which alerts belong to a group is kept in
 * {@code alert_group_member}, so that a flush reads only them (see {@link AlertStore#members}).
 */
public class GroupRepository {

    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };
    private static final String COLUMNS = "tenant, group_hash, group_key, route_id, receiver, group_labels, next_flush_at, last_notified_at, last_firing";

    private final DatabaseClient db;

    /** Reads and writes through {@code db}. */
    public GroupRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * One stored group.
     *
     * @param tenant the tenant
     * @param hash SHA-256 of the group key (primary key)
     * @param key the group key, e.g. {@code {}/{team="db"}#0:{alertname="x"}}
     * @param routeId the route it belongs to
     * @param receiver the route's receiver when the group was created
     * @param groupLabels its group labels
     * @param state its timer and notification log
     */
    public record GroupRow(String tenant, String hash, String key, String routeId, String receiver, Map<String, String> groupLabels,
            GroupState state) {
    }

    /**
     * Records that {@code alert} belongs to its group in {@code route} and creates the group unless
     * it exists; true when created. The membership is written first, so a flush that sees the
     * group also sees the alert.
     */
    public Mono<Boolean> join(String tenant, Route route, Alert alert, long nowMillis) {
        String key = route.groupKey(alert.labels());
        String hash = hash(key);
        GroupState state = GroupState.created(route, alert, nowMillis);
        return addMember(tenant, hash, alert.fingerprint())
                .then(db.sql("INSERT IGNORE INTO alert_group (tenant, group_hash, group_key, route_id, receiver, group_labels, next_flush_at,"
                                + " last_notified_at, last_firing, created_at)"
                                + " VALUES (:tenant, :hash, :key, :route, :receiver, :labels, :next, NULL, '', :now)")
                        .bind("tenant", tenant).bind("hash", hash).bind("key", key).bind("route", route.id())
                        .bind("receiver", route.receiver())
                        .bind("labels", RouteConfigRepository.JSON.writeValueAsString(route.groupLabels(alert.labels())))
                        .bind("next", state.nextFlushAt()).bind("now", nowMillis)
                        .fetch().rowsUpdated().map(n -> n > 0));
    }

    /** Records that the alert {@code fingerprint} belongs to the group {@code hash} (no-op when it does). */
    public Mono<Void> addMember(String tenant, String hash, String fingerprint) {
        return db.sql("INSERT IGNORE INTO alert_group_member (tenant, group_hash, fingerprint) VALUES (:tenant, :hash, :fp)")
                .bind("tenant", tenant).bind("hash", hash).bind("fp", fingerprint)
                .fetch().rowsUpdated().then();
    }

    /** (tenant, hash) of up to {@code limit} groups due at {@code nowMillis}, most overdue first. */
    public Flux<String[]> due(long nowMillis, int limit) {
        return db.sql("SELECT tenant, group_hash FROM alert_group WHERE next_flush_at <= :now ORDER BY next_flush_at LIMIT :limit")
                .bind("now", nowMillis).bind("limit", limit)
                .map(r -> new String[] {r.get("tenant", String.class), r.get("group_hash", String.class)})
                .all();
    }

    /**
     * Locks the group if it is still due at {@code nowMillis} and no other transaction holds it;
     * empty otherwise. Call inside a transaction.
     */
    public Mono<GroupRow> lockIfDue(String tenant, String hash, long nowMillis) {
        return db.sql("SELECT " + COLUMNS + " FROM alert_group WHERE tenant = :tenant AND group_hash = :hash AND next_flush_at <= :now"
                        + " FOR UPDATE SKIP LOCKED")
                .bind("tenant", tenant).bind("hash", hash).bind("now", nowMillis)
                .map(GroupRepository::row).one();
    }

    /** Stores the group's state after a flush. */
    public Mono<Void> save(GroupRow row, GroupState next) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("UPDATE alert_group SET next_flush_at = :next, last_notified_at = :notified,"
                        + " last_firing = :firing WHERE tenant = :tenant AND group_hash = :hash")
                .bind("next", next.nextFlushAt()).bind("firing", String.join(",", new TreeSet<>(next.lastFiring())))
                .bind("tenant", row.tenant()).bind("hash", row.hash());
        spec = next.lastNotifiedAt() == null ? spec.bindNull("notified", Long.class) : spec.bind("notified", next.lastNotifiedAt());
        return spec.fetch().rowsUpdated().then();
    }

    /** Deletes the group. */
    public Mono<Void> delete(GroupRow row) {
        return db.sql("DELETE FROM alert_group WHERE tenant = :tenant AND group_hash = :hash")
                .bind("tenant", row.tenant()).bind("hash", row.hash()).fetch().rowsUpdated().then();
    }

    /** {@code tenant}'s groups, by key (what the API shows). */
    public Flux<GroupRow> findAll(String tenant) {
        return db.sql("SELECT " + COLUMNS + " FROM alert_group WHERE tenant = :tenant ORDER BY group_key")
                .bind("tenant", tenant).map(GroupRepository::row).all();
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GroupRow row(Readable r) {
        String firing = r.get("last_firing", String.class);
        Set<String> lastFiring = firing == null || firing.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(firing.split(",")));
        return new GroupRow(r.get("tenant", String.class), r.get("group_hash", String.class), r.get("group_key", String.class),
                r.get("route_id", String.class), r.get("receiver", String.class),
                RouteConfigRepository.JSON.readValue(r.get("group_labels", String.class), LABELS),
                new GroupState(r.get("next_flush_at", Long.class), r.get("last_notified_at", Long.class), lastFiring));
    }
}
