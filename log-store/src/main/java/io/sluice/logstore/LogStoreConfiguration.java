package io.sluice.logstore;

import io.sluice.logstore.engine.EngineConfiguration;
import io.sluice.logstore.schema.ArchiveSchema;
import io.sluice.logstore.store.ChunkStoreConfiguration;
import io.sluice.logstore.template.TemplateStoreConfiguration;
import io.sluice.platform.mysql.MysqlConfiguration;
import io.sluice.platform.mysql.SchemaMigrator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The archive in MySQL: migrates its schema at start-up and provides the writers (used by
 * pipeline-service) and the query engine ({@link EngineConfiguration}, used by admin-ui). Imported by every service that
 * touches the archive; Spring de-duplicates the import when the standalone composes several.
 */
@Configuration(proxyBeanMethods = false)
@Import({MysqlConfiguration.class, ChunkStoreConfiguration.class, EngineConfiguration.class, TemplateStoreConfiguration.class})
@EnableConfigurationProperties(LogStoreProperties.class)
public class LogStoreConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ArchiveSchema sluiceArchiveSchema(SchemaMigrator migrator) {
        return new ArchiveSchema(migrator);
    }
}
