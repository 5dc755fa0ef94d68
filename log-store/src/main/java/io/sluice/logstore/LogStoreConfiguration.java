package io.sluice.logstore;

import io.sluice.logstore.query.ArchiveSearch;
import io.sluice.logstore.schema.ArchiveSchema;
import io.sluice.logstore.write.ArchiveWriter;
import io.sluice.platform.mysql.MysqlConfiguration;
import io.sluice.platform.mysql.SchemaMigrator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The archive in MySQL: migrates its schema at start-up and provides the writer (used by
 * pipeline-service) and the search engine (used by admin-ui). Imported by every service that
 * touches the archive; Spring de-duplicates the import when the standalone composes several.
 */
@Configuration(proxyBeanMethods = false)
@Import(MysqlConfiguration.class)
@EnableConfigurationProperties(LogStoreProperties.class)
public class LogStoreConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ArchiveSchema sluiceArchiveSchema(SchemaMigrator migrator) {
        return new ArchiveSchema(migrator);
    }

    @Bean
    @ConditionalOnMissingBean
    ArchiveWriter sluiceArchiveWriter(DatabaseClient db, ArchiveSchema schema) {
        return new ArchiveWriter(db, schema);
    }

    @Bean
    @ConditionalOnMissingBean
    ArchiveSearch sluiceArchiveSearch(DatabaseClient db, ArchiveSchema schema, LogStoreProperties properties) {
        return new ArchiveSearch(db, schema, properties.queryTimeout());
    }
}
