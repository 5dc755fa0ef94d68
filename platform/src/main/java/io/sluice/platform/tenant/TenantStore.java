package io.sluice.platform.tenant;

import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.util.HexFormat;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tenants and API keys in MySQL (tables {@code tenant} and {@code api_key}, see
 * {@link TenancySchema}), over R2DBC. Keys are stored as their SHA-256 only; a key's text exists
 * once, in the {@link IssuedApiKey} returned when it is created. Changes that other processes must
 * hear about go through {@link TenantAdmin}, which wraps this store.
 */
public class TenantStore {

    private static final HexFormat HEX = HexFormat.of();

    private final DatabaseClient db;
    private final Clock clock;

    /** A store over {@code db}, stamping times from {@code clock}. */
    public TenantStore(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Creates a tenant; fails with {@link IllegalArgumentException} for an invalid or taken id. */
    public Mono<Tenant> createTenant(String id, String name) {
        return Mono.defer(() -> {
            TenantIds.requireValid(id);
            long now = clock.millis();
            return db.sql("INSERT INTO tenant (id, name, created_at) VALUES (:id, :name, :at)")
                    .bind("id", id).bind("name", displayName(id, name)).bind("at", now)
                    .fetch().rowsUpdated()
                    .thenReturn(new Tenant(id, displayName(id, name), now))
                    .onErrorMap(DataIntegrityViolationException.class,
                            e -> new IllegalArgumentException("tenant '" + id + "' already exists"));
        });
    }

    /** Creates the tenant unless it exists (idempotent, safe when several processes race). */
    public Mono<Void> ensureTenant(String id, String name) {
        return Mono.defer(() -> db.sql("INSERT IGNORE INTO tenant (id, name, created_at) VALUES (:id, :name, :at)")
                .bind("id", TenantIds.requireValid(id)).bind("name", displayName(id, name)).bind("at", clock.millis())
                .fetch().rowsUpdated().then());
    }

    /** The tenant {@code id}, or empty. */
    public Mono<Tenant> tenant(String id) {
        return db.sql("SELECT id, name, created_at FROM tenant WHERE id = :id").bind("id", id)
                .map(TenantStore::tenantRow).one();
    }

    /** Every tenant, by id. */
    public Flux<Tenant> tenants() {
        return db.sql("SELECT id, name, created_at FROM tenant ORDER BY id").map(TenantStore::tenantRow).all();
    }

    /**
     * Creates a new random key for {@code tenantId}; fails with {@link IllegalArgumentException}
     * when there is no such tenant.
     */
    public Mono<IssuedApiKey> createKey(String tenantId, String name) {
        String key = ApiKeyFormat.generate();
        return insertKey(tenantId, name, key)
                .map(info -> new IssuedApiKey(info, key));
    }

    /**
     * Makes {@code key} (any text, e.g. a configured bootstrap key) a key of {@code tenantId} unless
     * it is stored already. Idempotent. Fails with {@link IllegalStateException} when the key
     * belongs to another tenant; answers the stored key, which may be revoked (a revoked key stays
     * revoked: revocation is a deliberate act that configuration does not undo).
     */
    public Mono<ApiKeyInfo> ensureKey(String tenantId, String name, String key) {
        byte[] hash = ApiKeyFormat.hash(key);
        return db.sql("INSERT IGNORE INTO api_key (tenant_id, name, key_prefix, key_hash, created_at) VALUES (:tenant, :name, :prefix, :hash, :at)")
                .bind("tenant", tenantId).bind("name", name).bind("prefix", ApiKeyFormat.displayPrefix(key))
                .bind("hash", hash).bind("at", clock.millis())
                .fetch().rowsUpdated()
                .then(keyByHash(hash))
                .flatMap(info -> info.tenantId().equals(tenantId)
                        ? Mono.just(info)
                        : Mono.error(new IllegalStateException("the key " + info.prefix() + "… belongs to tenant '" + info.tenantId()
                                + "', not '" + tenantId + "'")));
    }

    /** The keys of {@code tenantId}, oldest first. */
    public Flux<ApiKeyInfo> keys(String tenantId) {
        return db.sql("SELECT id, tenant_id, name, key_prefix, created_at, revoked_at FROM api_key WHERE tenant_id = :tenant ORDER BY id")
                .bind("tenant", tenantId).map(TenantStore::keyRow).all();
    }

    /** Whether any tenant has a key that is not revoked. */
    public Mono<Boolean> anyActiveKey() {
        return db.sql("SELECT 1 FROM api_key WHERE revoked_at IS NULL LIMIT 1").map(row -> true).one().defaultIfEmpty(false);
    }

    /**
     * Revokes key {@code keyId}; answers the hex SHA-256 of the key when this call revoked it,
     * empty when there is no such key or it was revoked before.
     */
    public Mono<String> revokeKey(long keyId) {
        return db.sql("SELECT key_hash FROM api_key WHERE id = :id AND revoked_at IS NULL").bind("id", keyId)
                .map(row -> row.get("key_hash", byte[].class)).one()
                .flatMap(hash -> db.sql("UPDATE api_key SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
                        .bind("at", clock.millis()).bind("id", keyId)
                        .fetch().rowsUpdated()
                        .filter(updated -> updated > 0)
                        .map(updated -> HEX.formatHex(hash)));
    }

    /** The tenant owning the valid (not revoked) key whose SHA-256 is {@code hash}, or empty. */
    public Mono<String> tenantForKeyHash(byte[] hash) {
        return db.sql("SELECT tenant_id FROM api_key WHERE key_hash = :hash AND revoked_at IS NULL").bind("hash", hash)
                .map(row -> row.get("tenant_id", String.class)).one();
    }

    private Mono<ApiKeyInfo> insertKey(String tenantId, String name, String key) {
        return Mono.defer(() -> {
            long now = clock.millis();
            String prefix = ApiKeyFormat.displayPrefix(key);
            return db.sql("INSERT INTO api_key (tenant_id, name, key_prefix, key_hash, created_at) VALUES (:tenant, :name, :prefix, :hash, :at)")
                    .bind("tenant", tenantId).bind("name", name == null ? "" : name).bind("prefix", prefix)
                    .bind("hash", ApiKeyFormat.hash(key)).bind("at", now)
                    .filter(s -> s.returnGeneratedValues("id"))
                    .map(row -> row.get("id", Long.class)).one()
                    .map(id -> new ApiKeyInfo(id, tenantId, name == null ? "" : name, prefix, now, null))
                    .onErrorMap(DataIntegrityViolationException.class,
                            e -> new IllegalArgumentException("there is no tenant '" + tenantId + "'"));
        });
    }

    private Mono<ApiKeyInfo> keyByHash(byte[] hash) {
        return db.sql("SELECT id, tenant_id, name, key_prefix, created_at, revoked_at FROM api_key WHERE key_hash = :hash")
                .bind("hash", hash).map(TenantStore::keyRow).one();
    }

    private static Tenant tenantRow(Readable row) {
        return new Tenant(row.get("id", String.class), row.get("name", String.class), row.get("created_at", Long.class));
    }

    private static ApiKeyInfo keyRow(Readable row) {
        return new ApiKeyInfo(row.get("id", Long.class), row.get("tenant_id", String.class), row.get("name", String.class),
                row.get("key_prefix", String.class), row.get("created_at", Long.class), row.get("revoked_at", Long.class));
    }

    private static String displayName(String id, String name) {
        return name == null || name.isBlank() ? id : name.strip();
    }
}
