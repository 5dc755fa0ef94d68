package io.sluice.logstore.template;

import io.sluice.logstore.schema.ArchiveSchema;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The template store's beans (tables {@code log_template}, {@code log_template_alias}, migrated with the
 * archive): the writer the pipeline's mining stage flushes through, the reader behind {@code /api/v1/patterns}.
 */
@Configuration(proxyBeanMethods = false)
public class TemplateStoreConfiguration {

    /** Most stored rows one API request folds (the most frequent templates of the tenant or service). */
    static final int SCAN_LIMIT = 50_000;

    @Bean
    @ConditionalOnMissingBean
    TemplateWriter sluiceTemplateWriter(DatabaseClient db, ArchiveSchema schema) {
        return new TemplateWriter(db, schema);
    }

    @Bean
    @ConditionalOnMissingBean
    TemplateReader sluiceTemplateReader(DatabaseClient db, ArchiveSchema schema) {
        return new TemplateReader(db, schema, SCAN_LIMIT);
    }
}
