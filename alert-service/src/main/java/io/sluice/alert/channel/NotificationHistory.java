package io.sluice.alert.channel;

import io.r2dbc.spi.Readable;
import io.sluice.alert.notify.Notification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notification history in MySQL ({@code alert_notification}, {@code alert_notification_attempt}):
 * a row per notification written before its first attempt, a row per attempt, and the final
 * outcome. Over R2DBC.
 */
public class NotificationHistory {

    private static final String COLUMNS = "id, tenant, channel_id, channel_name, channel_type, status, group_status, group_key,"
            + " alert_count, test, attempts, last_error, created_at, finished_at";
    private static final int MAX_ERROR = 2000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DatabaseClient db;
    private final String externalUrl;
    private final long leaseMillis;

    /**
     * @param db reads and writes through it
     * @param externalUrl carried by the stored messages
     * @param lease how long a PENDING notification stays with the instance delivering it after
     *     its last sign of progress (start or attempt); past that another instance may take it over
     */
    public NotificationHistory(DatabaseClient db, String externalUrl, Duration lease) {
        this.db = db;
        this.externalUrl = externalUrl;
        this.leaseMillis = lease.toMillis();
    }

    /**
     * Records {@code n} as handed over for {@code tenant} at {@code nowMillis}: PENDING when
     * {@code channel} is not null, else FAILED at once with {@code error}. Emits the row's id.
     */
    public Mono<Long> start(String tenant, Channel channel, Notification n, boolean test, long nowMillis, String error) {
        boolean failed = channel == null;
        DatabaseClient.GenericExecuteSpec spec = db.sql("INSERT INTO alert_notification (tenant, channel_id, channel_name, channel_type, status,"
                        + " group_status, group_key, alert_count, test, attempts, last_error, payload, created_at, finished_at, claimed_until)"
                        + " VALUES (:tenant, :channelId, :channel, :type, :status, :groupStatus, :groupKey, :alerts, :test, 0, :error,"
                        + " :payload, :now, :finished, :claimedUntil)")
                .bind("tenant", tenant).bind("channel", n.receiver()).bind("status", failed ? "FAILED" : "PENDING")
                .bind("groupStatus", n.status().wire()).bind("groupKey", n.groupKey().length() > 1000 ? n.groupKey().substring(0, 1000) : n.groupKey()).bind("alerts", n.alerts().size())
                .bind("test", test).bind("payload", JSON.writeValueAsString(AlertmanagerBody.of(n, externalUrl))).bind("now", nowMillis)
                .bind("claimedUntil", failed ? 0 : nowMillis + leaseMillis);
        spec = failed ? spec.bindNull("channelId", Long.class).bindNull("type", String.class)
                : spec.bind("channelId", channel.id()).bind("type", channel.type().wire());
        spec = error == null ? spec.bindNull("error", String.class) : spec.bind("error", cut(error));
        spec = failed ? spec.bind("finished", nowMillis) : spec.bindNull("finished", Long.class);
        return spec.filter(s -> s.returnGeneratedValues("id")).map(r -> r.get("id", Long.class)).one();
    }

    /** Records attempt number {@code attempt} of notification {@code id}. */
    public Mono<Void> attempt(long id, int attempt, long startedAt, long durationMs, DeliveryException failure) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("INSERT INTO alert_notification_attempt (notification_id, attempt, started_at,"
                        + " duration_ms, ok, retryable, error) VALUES (:id, :attempt, :started, :duration, :ok, :retryable, :error)")
                .bind("id", id).bind("attempt", attempt).bind("started", startedAt).bind("duration", durationMs)
                .bind("ok", failure == null).bind("retryable", failure != null && failure.retryable());
        spec = failure == null ? spec.bindNull("error", String.class) : spec.bind("error", cut(failure.getMessage()));
        return spec.then().then(db.sql("UPDATE alert_notification SET attempts = GREATEST(attempts, :attempt), claimed_until = :until"
                        + " WHERE id = :id AND status = 'PENDING'")
                .bind("attempt", attempt).bind("until", startedAt + durationMs + leaseMillis).bind("id", id).then());
    }

    /** Records the final outcome of notification {@code id}. */
    public Mono<Void> finish(long id, boolean sent, int attempts, String error, long nowMillis) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("UPDATE alert_notification SET status = :status, attempts = :attempts,"
                        + " last_error = :error, finished_at = :now WHERE id = :id")
                .bind("status", sent ? "SENT" : "FAILED").bind("attempts", attempts).bind("now", nowMillis).bind("id", id);
        spec = error == null ? spec.bindNull("error", String.class) : spec.bind("error", cut(error));
        return spec.then();
    }

    /** Ids of up to {@code limit} PENDING notifications whose claim expired before {@code nowMillis}, oldest first. */
    public Flux<Long> abandoned(long nowMillis, int limit) {
        return db.sql("SELECT id FROM alert_notification WHERE status = 'PENDING' AND claimed_until < :now ORDER BY claimed_until LIMIT :limit")
                .bind("now", nowMillis).bind("limit", limit).map(r -> r.get("id", Long.class)).all();
    }

    /**
     * Takes over abandoned notification {@code id} at {@code nowMillis}; true when this call got it
     * (a conditional update, so of several instances exactly one does).
     */
    public Mono<Boolean> claim(long id, long nowMillis) {
        return db.sql("UPDATE alert_notification SET claimed_until = :until WHERE id = :id AND status = 'PENDING' AND claimed_until < :now")
                .bind("until", nowMillis + leaseMillis).bind("id", id).bind("now", nowMillis)
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    /** Newest first, at most {@code limit}; each filter applies when not null. */
    public Flux<NotificationRecord> find(String tenant, String channel, String status, int limit) {
        List<String> where = new ArrayList<>();
        if (tenant != null) {
            where.add("tenant = :tenant");
        }
        if (channel != null) {
            where.add("channel_name = :channel");
        }
        if (status != null) {
            where.add("status = :status");
        }
        String sql = "SELECT " + COLUMNS + " FROM alert_notification" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY created_at DESC, id DESC LIMIT :limit";
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql).bind("limit", limit);
        if (tenant != null) {
            spec = spec.bind("tenant", tenant);
        }
        if (channel != null) {
            spec = spec.bind("channel", channel);
        }
        if (status != null) {
            spec = spec.bind("status", status);
        }
        return spec.map(NotificationHistory::record).all();
    }

    /** Notification {@code id}, or empty. */
    public Mono<NotificationRecord> findById(long id) {
        return db.sql("SELECT " + COLUMNS + " FROM alert_notification WHERE id = :id").bind("id", id).map(NotificationHistory::record).one();
    }

    /** The message as stored (Alertmanager's JSON), or empty. */
    public Mono<String> payload(long id) {
        return db.sql("SELECT payload FROM alert_notification WHERE id = :id").bind("id", id).map(r -> r.get("payload", String.class)).one();
    }

    /** The attempts of notification {@code id}, in order. */
    public Flux<AttemptRecord> attempts(long id) {
        return db.sql("SELECT attempt, started_at, duration_ms, ok, retryable, error FROM alert_notification_attempt"
                        + " WHERE notification_id = :id ORDER BY attempt, id")
                .bind("id", id)
                .map(r -> new AttemptRecord(r.get("attempt", Integer.class), r.get("started_at", Long.class), r.get("duration_ms", Long.class),
                        bool(r.get("ok")), bool(r.get("retryable")), r.get("error", String.class)))
                .all();
    }

    private static NotificationRecord record(Readable r) {
        return new NotificationRecord(
                r.get("id", Long.class),
                r.get("tenant", String.class),
                r.get("channel_id", Long.class),
                r.get("channel_name", String.class),
                r.get("channel_type", String.class),
                r.get("status", String.class),
                r.get("group_status", String.class),
                r.get("group_key", String.class),
                r.get("alert_count", Integer.class),
                bool(r.get("test")),
                r.get("attempts", Integer.class),
                r.get("last_error", String.class),
                r.get("created_at", Long.class),
                r.get("finished_at", Long.class));
    }

    private static boolean bool(Object v) {
        return v instanceof Boolean b ? b : ((Number) v).intValue() != 0;
    }

    private static String cut(String s) {
        return s.length() > MAX_ERROR ? s.substring(0, MAX_ERROR) + "…" : s;
    }
}
