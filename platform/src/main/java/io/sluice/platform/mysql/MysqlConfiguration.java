package io.sluice.platform.mysql;

import io.asyncer.r2dbc.mysql.MySqlConnectionConfiguration;
import io.asyncer.r2dbc.mysql.MySqlConnectionFactory;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Reactive MySQL access (r2dbc-mysql behind r2dbc-pool) and the schema migrator, shared by every
 * service in the JVM that stores data in MySQL.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SluiceMysqlProperties.class)
public class MysqlConfiguration {

    @Bean(destroyMethod = "dispose")
    @ConditionalOnMissingBean
    ConnectionPool sluiceMysqlConnectionPool(SluiceMysqlProperties properties) {
        MysqlUrl url = properties.parsed();
        MySqlConnectionConfiguration config = MySqlConnectionConfiguration.builder()
                .host(url.host())
                .port(url.port())
                .user(url.user())
                .password(url.password().isEmpty() ? null : url.password())
                .database(url.database())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return new ConnectionPool(ConnectionPoolConfiguration.builder(MySqlConnectionFactory.from(config))
                .initialSize(1)
                .maxSize(properties.poolSize())
                .maxIdleTime(Duration.ofMinutes(10))
                .maxAcquireTime(Duration.ofSeconds(10))
                .validationQuery("SELECT 1")
                .build());
    }

    @Bean
    @ConditionalOnMissingBean
    DatabaseClient sluiceDatabaseClient(ConnectionPool pool) {
        return DatabaseClient.create(pool);
    }

    @Bean
    @ConditionalOnMissingBean
    SchemaMigrator sluiceSchemaMigrator(SluiceMysqlProperties properties) {
        return new SchemaMigrator(properties.parsed());
    }
}
