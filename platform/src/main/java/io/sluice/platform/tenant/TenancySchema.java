package io.sluice.platform.tenant;

import io.sluice.platform.mysql.SchemaMigrator;
import org.springframework.beans.factory.InitializingBean;

/**
 * Applies the tenancy migrations ({@code classpath:db/tenant}, history table
 * {@code flyway_history_tenant}) when the context starts, before the store is used. Blocking, on
 * the start-up thread only.
 */
public class TenancySchema implements InitializingBean {

    /** Classpath folder of the migrations. */
    public static final String LOCATION = "db/tenant";
    /** Flyway history table of the tenancy tables. */
    public static final String HISTORY_TABLE = "flyway_history_tenant";

    private final SchemaMigrator migrator;

    /** Migrates through {@code migrator}. */
    public TenancySchema(SchemaMigrator migrator) {
        this.migrator = migrator;
    }

    @Override
    public void afterPropertiesSet() {
        migrator.migrate(LOCATION, HISTORY_TABLE);
    }
}
