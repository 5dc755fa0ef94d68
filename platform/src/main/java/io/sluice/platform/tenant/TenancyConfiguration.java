package io.sluice.platform.tenant;

import io.lettuce.core.RedisClient;
import io.sluice.platform.mysql.MysqlConfiguration;
import io.sluice.platform.mysql.SchemaMigrator;
import io.sluice.platform.redis.RedisConfiguration;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Tenants and API keys for every service that authenticates requests (ingest, the query APIs):
 * the schema, the store, the cached key lookup with cross-process invalidation, and the bootstrap
 * key. Imported by each such service's configuration; Spring de-duplicates the import in the
 * standalone.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TenancyProperties.class)
@Import({MysqlConfiguration.class, RedisConfiguration.class})
public class TenancyConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TenancySchema sluiceTenancySchema(SchemaMigrator migrator) {
        return new TenancySchema(migrator);
    }

    @Bean
    @ConditionalOnMissingBean
    TenantStore sluiceTenantStore(DatabaseClient db, TenancySchema schema) {
        return new TenantStore(db, Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    ApiKeyLookup sluiceApiKeyLookup(TenantStore store, TenancyProperties properties) {
        return new ApiKeyLookup(store, properties);
    }

    @Bean
    @ConditionalOnMissingBean
    KeyInvalidations sluiceKeyInvalidations(RedisClient client, SluiceRedis redis, ApiKeyLookup lookup) {
        return new KeyInvalidations(client, redis, lookup);
    }

    @Bean
    @ConditionalOnMissingBean
    TenantAdmin sluiceTenantAdmin(TenantStore store, KeyInvalidations invalidations) {
        return new TenantAdmin(store, invalidations);
    }

    @Bean
    @ConditionalOnMissingBean
    BootstrapTenant sluiceBootstrapTenant(TenantStore store, TenancyProperties properties, KeyInvalidations invalidations) {
        return new BootstrapTenant(store, properties, invalidations);
    }

    @Bean
    @ConditionalOnMissingBean
    RequestTenants sluiceRequestTenants(ApiKeyLookup lookup) {
        return new RequestTenants(lookup);
    }
}
