package io.sluice.pipeline.rules;

import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.sluice.pipeline.stage.StageOrder;
import io.sluice.platform.mysql.MysqlConfiguration;
import io.sluice.platform.mysql.SchemaMigrator;
import io.sluice.platform.redis.RedisConfiguration;
import io.sluice.platform.redis.SluiceRedis;
import io.sluice.platform.tenant.RequestTenants;
import io.sluice.platform.tenant.TenancyConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Pipeline rules: the tables, the store, the compiled per-tenant snapshots with hot reload (Redis
 * pub/sub plus a periodic version check), the {@link RulesStage} and the HTTP API. Imported by
 * {@code PipelineConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RulesProperties.class)
@Import({MysqlConfiguration.class, RedisConfiguration.class, TenancyConfiguration.class})
public class RulesConfiguration {

    @Bean
    PipelineRulesSchema pipelineRulesSchema(SchemaMigrator migrator) {
        return new PipelineRulesSchema(migrator);
    }

    @Bean
    RuleStore pipelineRuleStore(DatabaseClient db, ConnectionPool pool, PipelineRulesSchema schema) {
        return new RuleStore(db, TransactionalOperator.create(new R2dbcTransactionManager(pool)));
    }

    @Bean
    RuleSnapshots pipelineRuleSnapshots(RuleStore store) {
        return new RuleSnapshots(store);
    }

    @Bean
    @Order(StageOrder.RULES)
    RulesStage pipelineRulesStage(RuleSnapshots snapshots, ObjectProvider<MeterRegistry> registry) {
        return new RulesStage(snapshots, registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    RuleChanges pipelineRuleChanges(RedisClient client, SluiceRedis redis, RuleSnapshots snapshots) {
        return new RuleChanges(client, redis, snapshots);
    }

    @Bean
    RuleVersionCheck pipelineRuleVersionCheck(RuleSnapshots snapshots, RulesProperties properties) {
        return new RuleVersionCheck(snapshots, properties.checkInterval());
    }

    @Bean
    RuleValidator pipelineRuleValidator(Environment environment) {
        return new RuleValidator(RetentionClasses.from(environment));
    }

    @Bean
    RuleController pipelineRuleController(RuleStore store, RuleValidator validator, RuleChanges changes, RequestTenants tenants) {
        return new RuleController(store, validator, changes, tenants);
    }

    @Bean
    RuleTestController pipelineRuleTestController(RuleValidator validator, RuleSnapshots snapshots, RequestTenants tenants,
            RulesProperties properties) {
        return new RuleTestController(validator, snapshots, tenants, properties.maxTestLines());
    }

    @Bean
    RulesApiErrors pipelineRulesApiErrors() {
        return new RulesApiErrors();
    }
}
