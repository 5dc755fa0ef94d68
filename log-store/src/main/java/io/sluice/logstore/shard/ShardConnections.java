package io.sluice.logstore.shard;

import io.asyncer.r2dbc.mysql.MySqlConnectionConfiguration;
import io.asyncer.r2dbc.mysql.MySqlConnectionFactory;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactory;
import io.sluice.logstore.schema.ArchiveSchema;
import io.sluice.logstore.store.ChunkStoreProperties;
import io.sluice.platform.mysql.MysqlUrl;
import io.sluice.platform.mysql.SchemaMigrator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Opens the archive shards: the default one on the application's own connection pool, each extra
 * one (`sluice.logstore.shards`) on its own pool after migrating its schema (blocking JDBC, at
 * start-up only). Closing disposes the extra pools.
 */
public final class ShardConnections implements AutoCloseable {

    private final List<ConnectionPool> owned = new ArrayList<>();
    private final List<ArchiveShard> shards = new ArrayList<>();

    /** The default shard on {@code defaultFactory} plus the configured extra shards. */
    public ShardConnections(ConnectionFactory defaultFactory, Map<String, ChunkStoreProperties.Shard> extra) {
        shards.add(shard(ChunkStoreProperties.DEFAULT_SHARD, defaultFactory));
        extra.forEach((name, config) -> {
            if (ChunkStoreProperties.DEFAULT_SHARD.equals(name)) {
                throw new IllegalArgumentException("sluice.logstore.shards: the name '" + name
                        + "' is reserved for the sluice.mysql database");
            }
            if (config.url() == null || config.url().isBlank()) {
                throw new IllegalArgumentException("sluice.logstore.shards." + name + ".url is missing");
            }
            MysqlUrl url = MysqlUrl.parse(config.url());
            new SchemaMigrator(url).migrate(ArchiveSchema.LOCATION, ArchiveSchema.HISTORY_TABLE);
            ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(MySqlConnectionFactory.from(
                            MySqlConnectionConfiguration.builder()
                                    .host(url.host()).port(url.port()).user(url.user())
                                    .password(url.password().isEmpty() ? null : url.password())
                                    .database(url.database()).connectTimeout(Duration.ofSeconds(5)).build()))
                    .initialSize(1).maxSize(config.poolSize()).maxIdleTime(Duration.ofMinutes(10))
                    .maxAcquireTime(Duration.ofSeconds(10)).validationQuery("SELECT 1").build());
            owned.add(pool);
            shards.add(shard(name, pool));
        });
    }

    private static ArchiveShard shard(String name, ConnectionFactory factory) {
        return new ArchiveShard(name, DatabaseClient.create(factory),
                TransactionalOperator.create(new R2dbcTransactionManager(factory)));
    }

    /** The opened shards, the default one first. */
    public List<ArchiveShard> shards() {
        return List.copyOf(shards);
    }

    @Override
    public void close() {
        owned.forEach(ConnectionPool::dispose);
    }
}
