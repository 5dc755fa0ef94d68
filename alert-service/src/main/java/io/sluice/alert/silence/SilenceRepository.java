package io.sluice.alert.silence;

import io.r2dbc.spi.Readable;
import io.sluice.alert.route.ActiveSilences;
import io.sluice.alert.route.Matcher;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Silences in MySQL ({@code alert_silence}). Never deleted: expiring sets {@code ends_at}, so
 * every silence ever created stays queryable as history. Also tells routing what is muted.
 */
public class SilenceRepository implements ActiveSilences {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, tenant, matchers, starts_at, ends_at, created_by, comment, created_at, updated_at";

    private final DatabaseClient db;

    /** Reads and writes through {@code db}. */
    public SilenceRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Stores {@code d} created at {@code nowMillis}. */
    public Mono<Silence> insert(SilenceDraft d, long nowMillis) {
        return db.sql("INSERT INTO alert_silence (tenant, matchers, starts_at, ends_at, created_by, comment, created_at, updated_at)"
                        + " VALUES (:tenant, :matchers, :starts, :ends, :by, :comment, :now, :now)")
                .bind("tenant", d.tenant()).bind("matchers", JSON.writeValueAsString(d.matchers())).bind("starts", d.startsAt())
                .bind("ends", d.endsAt()).bind("by", d.createdBy()).bind("comment", d.comment()).bind("now", nowMillis)
                .filter(s -> s.returnGeneratedValues("id"))
                .map(r -> r.get("id", Long.class))
                .one()
                .flatMap(id -> findById(id, nowMillis));
    }

    /** The silence {@code id} with its state at {@code nowMillis}, or empty. */
    public Mono<Silence> findById(long id, long nowMillis) {
        return db.sql("SELECT " + COLUMNS + " FROM alert_silence WHERE id = :id").bind("id", id).map(r -> silence(r, nowMillis)).one();
    }

    /**
     * Silences of {@code tenant} (all tenants when null) in {@code state} at {@code nowMillis}
     * (any when null), newest first, at most {@code limit}.
     */
    public Flux<Silence> find(String tenant, SilenceState state, long nowMillis, int limit) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        if (tenant != null) {
            where.append(" AND tenant = :tenant");
        }
        if (state != null) {
            where.append(switch (state) {
                case PENDING -> " AND starts_at > :now AND ends_at > :now";
                case ACTIVE -> " AND starts_at <= :now AND ends_at > :now";
                case EXPIRED -> " AND ends_at <= :now";
            });
        }
        DatabaseClient.GenericExecuteSpec spec = db.sql("SELECT " + COLUMNS + " FROM alert_silence" + where
                + " ORDER BY created_at DESC, id DESC LIMIT :limit").bind("limit", limit);
        if (tenant != null) {
            spec = spec.bind("tenant", tenant);
        }
        if (state != null) {
            spec = spec.bind("now", nowMillis);
        }
        return spec.map(r -> silence(r, nowMillis)).all();
    }

    /**
     * Expires silence {@code id} at {@code nowMillis} unless it has already ended (then it is left
     * as it was); the silence after the change, or empty when there is none.
     */
    public Mono<Silence> expire(long id, long nowMillis) {
        return db.sql("UPDATE alert_silence SET ends_at = :now, starts_at = LEAST(starts_at, :now), updated_at = :now"
                        + " WHERE id = :id AND ends_at > :now")
                .bind("now", nowMillis).bind("id", id)
                .fetch().rowsUpdated()
                .then(findById(id, nowMillis));
    }

    @Override
    public Mono<Predicate<Map<String, String>>> mutedAt(String tenant, long nowMillis) {
        return find(tenant, SilenceState.ACTIVE, nowMillis, Integer.MAX_VALUE)
                .map(s -> s.parsedMatchers())
                .collectList()
                .map(active -> labels -> active.stream().anyMatch(matchers -> Matcher.all(matchers, labels)));
    }

    private static Silence silence(Readable r, long nowMillis) {
        long starts = r.get("starts_at", Long.class);
        long ends = r.get("ends_at", Long.class);
        return new Silence(r.get("id", Long.class), r.get("tenant", String.class), JSON.readValue(r.get("matchers", String.class), STRINGS),
                starts, ends, r.get("created_by", String.class), r.get("comment", String.class), r.get("created_at", Long.class),
                r.get("updated_at", Long.class), Silence.stateAt(starts, ends, nowMillis));
    }
}
