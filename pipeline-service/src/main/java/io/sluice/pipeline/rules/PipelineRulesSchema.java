package io.sluice.pipeline.rules;

import io.sluice.platform.mysql.SchemaMigrator;
import org.springframework.beans.factory.InitializingBean;

/**
 * Applies pipeline-service's migrations ({@code classpath:db/pipeline}, history table
 * {@code flyway_history_pipeline}: the rule tables) when the context starts, before the rules are
 * loaded. Blocking, on the start-up thread only.
 */
public class PipelineRulesSchema implements InitializingBean {

    private final SchemaMigrator migrator;

    /** Migrates through {@code migrator}. */
    public PipelineRulesSchema(SchemaMigrator migrator) {
        this.migrator = migrator;
    }

    @Override
    public void afterPropertiesSet() {
        migrator.migrate("db/pipeline", "flyway_history_pipeline");
    }
}
