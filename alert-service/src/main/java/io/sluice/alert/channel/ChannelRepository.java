package io.sluice.alert.channel;

import io.r2dbc.spi.Readable;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Channels in MySQL ({@code alert_channel}), over R2DBC; settings stored as JSON text. A name
 * taken in the tenant fails with {@link DuplicateKeyException} (unique key on tenant and name).
 */
public class ChannelRepository {

    private static final String COLUMNS = "id, tenant, name, type, settings, template, created_at, updated_at";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final DatabaseClient db;

    /** Reads and writes through {@code db}. */
    public ChannelRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Every channel, or those of {@code tenant} when not null, by id. */
    public Flux<Channel> findAll(String tenant) {
        if (tenant == null) {
            return db.sql("SELECT " + COLUMNS + " FROM alert_channel ORDER BY id").map(ChannelRepository::channel).all();
        }
        return db.sql("SELECT " + COLUMNS + " FROM alert_channel WHERE tenant = :tenant ORDER BY id")
                .bind("tenant", tenant).map(ChannelRepository::channel).all();
    }

    /** Channel {@code id}, or empty. */
    public Mono<Channel> findById(long id) {
        return db.sql("SELECT " + COLUMNS + " FROM alert_channel WHERE id = :id").bind("id", id).map(ChannelRepository::channel).one();
    }

    /** The channel named {@code name} in {@code tenant}, or empty. */
    public Mono<Channel> findByName(String tenant, String name) {
        return db.sql("SELECT " + COLUMNS + " FROM alert_channel WHERE tenant = :tenant AND name = :name")
                .bind("tenant", tenant).bind("name", name).map(ChannelRepository::channel).one();
    }

    /** Stores a new channel created at {@code nowMillis}. */
    public Mono<Channel> insert(ChannelDraft d, long nowMillis) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("INSERT INTO alert_channel (tenant, name, type, settings, template, created_at, updated_at)"
                        + " VALUES (:tenant, :name, :type, :settings, :template, :now, :now)")
                .bind("tenant", d.tenant()).bind("name", d.name()).bind("type", d.type().wire())
                .bind("settings", JSON.writeValueAsString(d.settings())).bind("now", nowMillis);
        spec = d.template() == null ? spec.bindNull("template", String.class) : spec.bind("template", d.template());
        return spec.filter(s -> s.returnGeneratedValues("id"))
                .map(r -> r.get("id", Long.class))
                .one()
                .flatMap(this::findById);
    }

    /** Replaces channel {@code id}'s definition at {@code nowMillis}; empty when there is no such channel. */
    public Mono<Channel> update(long id, ChannelDraft d, long nowMillis) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("UPDATE alert_channel SET tenant = :tenant, name = :name, type = :type,"
                        + " settings = :settings, template = :template, updated_at = :now WHERE id = :id")
                .bind("tenant", d.tenant()).bind("name", d.name()).bind("type", d.type().wire())
                .bind("settings", JSON.writeValueAsString(d.settings())).bind("now", nowMillis).bind("id", id);
        spec = d.template() == null ? spec.bindNull("template", String.class) : spec.bind("template", d.template());
        return spec.fetch().rowsUpdated().then(findById(id));
    }

    /** Deletes channel {@code id}; true when it existed. Its notifications stay in the history. */
    public Mono<Boolean> delete(long id) {
        return db.sql("DELETE FROM alert_channel WHERE id = :id").bind("id", id).fetch().rowsUpdated().map(n -> n > 0);
    }

    private static Channel channel(Readable r) {
        return new Channel(
                r.get("id", Long.class),
                r.get("tenant", String.class),
                r.get("name", String.class),
                ChannelType.parse(r.get("type", String.class)),
                JSON.readValue(r.get("settings", String.class), MAP),
                r.get("template", String.class),
                r.get("created_at", Long.class),
                r.get("updated_at", Long.class));
    }
}
