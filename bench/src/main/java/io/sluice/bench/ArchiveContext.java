package io.sluice.bench;

import io.sluice.logstore.LogStoreConfiguration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * log-store on its own, exactly as the services wire it ({@link LogStoreConfiguration}: migrations,
 * shards, {@code ChunkArchive}, {@code MysqlChunkScan}, {@code DefaultLogQueryEngine}), on one
 * database of the machine's MariaDB, for the dataset loader and the query harness. The retention and
 * compaction jobs are off (they would change partitions and chunks under the benchmark); the hot tier is read under a key
 * prefix of its own, so it is empty and every answer comes from the archive.
 */
final class ArchiveContext implements AutoCloseable {

    static final String MYSQL_HOST = System.getProperty("mysqlHost", "127.0.0.1:3306");
    static final String REDIS = System.getProperty("redis", "redis://127.0.0.1:6379");

    private final AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();

    /** A context on {@code database} whose chunks span at most {@code slice}, plus {@code extra} properties. */
    ArchiveContext(String database, Duration slice, Map<String, Object> extra) {
        quietLogging();
        Map<String, Object> properties = new HashMap<>();
        properties.put("sluice.mysql.url", "mysql://root@" + MYSQL_HOST + "/" + database);
        properties.put("sluice.redis.url", REDIS);
        properties.put("sluice.redis.key-prefix", "bench-dataset:" + database + ":");
        properties.put("sluice.logstore.retention.enabled", "false");
        properties.put("sluice.logstore.compaction.enabled", "false");
        properties.put("sluice.logstore.chunk.slice", slice.toSeconds() + "s");
        properties.putAll(extra);
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("bench-dataset", properties));
        context.register(LogStoreConfiguration.class);
        context.refresh();
    }

    /** Logback without a configuration logs every R2DBC statement at DEBUG, bound BLOBs included: WARN only. */
    static void quietLogging() {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** A JDBC connection to {@code database} ({@code ""} for none). */
    static Connection jdbc(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://" + MYSQL_HOST + "/" + database, "root", "");
    }

    @Override
    public void close() {
        context.close();
    }
}
