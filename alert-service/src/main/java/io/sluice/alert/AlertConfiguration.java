package io.sluice.alert;

import io.netty.channel.ChannelOption;
import io.r2dbc.pool.ConnectionPool;
import io.sluice.alert.access.AlertApiKeyFilter;
import io.sluice.alert.channel.ChannelConfiguration;
import io.sluice.alert.evaluate.EvaluationScheduler;
import io.sluice.alert.evaluate.PeriodicEvaluator;
import io.sluice.alert.evaluate.RetiredAlerts;
import io.sluice.alert.evaluate.RuleConditions;
import io.sluice.alert.evaluate.RuleEvaluator;
import io.sluice.alert.firing.FiringController;
import io.sluice.alert.firing.FiringRepository;
import io.sluice.alert.intake.AlertIntakeService;
import io.sluice.alert.intake.AnomalyInbox;
import io.sluice.alert.intake.MatchBuckets;
import io.sluice.alert.notify.WebhookNotifier;
import io.sluice.alert.ownership.OwnerTrigger;
import io.sluice.alert.ownership.OwnershipConfiguration;
import io.sluice.alert.ownership.SlotOwnership;
import io.sluice.alert.rule.RuleController;
import io.sluice.alert.route.AlertRouter;
import io.sluice.alert.route.RoutingConfiguration;
import io.sluice.alert.rule.RuleRepository;
import io.sluice.platform.mysql.MysqlConfiguration;
import io.sluice.platform.mysql.SchemaMigrator;
import io.sluice.platform.redis.RedisConfiguration;
import io.sluice.platform.redis.SluiceRedis;
import io.sluice.platform.tenant.RequestTenants;
import io.sluice.platform.tenant.TenancyConfiguration;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/**
 * Everything alert-service runs: rules and firings in MySQL with their HTTP API, the gRPC
 * {@code AlertIntake} that analytics reports to, the match buckets in Redis, evaluation (on new
 * matches and periodically, each rule by the one instance that owns it) and webhook
 * notification. Every HTTP API request needs an API key and acts for its tenant
 * ({@link AlertApiKeyFilter}). Switched off with {@code sluice.alert.enabled=false}. No bean
 * here is of a general type (Clock, WebClient,
 * TransactionalOperator), so nothing collides with other services in the standalone.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "sluice.alert.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AlertProperties.class)
@Import({RedisConfiguration.class, MysqlConfiguration.class, TenancyConfiguration.class, ChannelConfiguration.class,
        RoutingConfiguration.class, OwnershipConfiguration.class})
public class AlertConfiguration {

    private static final Clock CLOCK = Clock.systemUTC();

    @Bean
    AlertSchema alertSchema(SchemaMigrator migrator) {
        return new AlertSchema(migrator);
    }

    @Bean
    RuleRepository alertRuleRepository(DatabaseClient db, AlertSchema schema) {
        return new RuleRepository(db);
    }

    @Bean
    FiringRepository alertFiringRepository(DatabaseClient db, AlertSchema schema) {
        return new FiringRepository(db);
    }

    @Bean
    RuleController alertRuleController(RuleRepository rules, RetiredAlerts retiredAlerts) {
        return new RuleController(rules, retiredAlerts, CLOCK);
    }

    @Bean
    RetiredAlerts alertRetiredAlerts(RuleRepository rules, AlertRouter router, ConnectionPool pool) {
        return new RetiredAlerts(rules, router, TransactionalOperator.create(new R2dbcTransactionManager(pool)), CLOCK);
    }

    @Bean
    FiringController alertFiringController(FiringRepository firings) {
        return new FiringController(firings);
    }

    @Bean
    AlertApiKeyFilter alertApiKeyFilter(RequestTenants tenants) {
        return new AlertApiKeyFilter(tenants);
    }

    @Bean
    AlertApiErrors alertApiErrors() {
        return new AlertApiErrors();
    }

    @Bean
    MatchBuckets alertMatchBuckets(SluiceRedis redis, AlertProperties properties) {
        return new MatchBuckets(redis, properties.seenTtl());
    }

    @Bean
    WebhookNotifier alertWebhookNotifier(ObjectProvider<WebClient.Builder> builders, FiringRepository firings, AlertProperties properties) {
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, properties.webhookTimeout().toMillis()))
                .responseTimeout(properties.webhookTimeout());
        WebClient client = builders.getIfAvailable(WebClient::builder).clone().clientConnector(new ReactorClientHttpConnector(http)).build();
        return new WebhookNotifier(client, firings, properties.webhookTimeout(), properties.webhookRetries(), properties.webhookBackoff(), CLOCK);
    }

    @Bean
    AnomalyInbox alertAnomalyInbox(SluiceRedis redis, RuleRepository rules) {
        return new AnomalyInbox(redis, rules, CLOCK);
    }

    @Bean
    RuleConditions alertRuleConditions(MatchBuckets buckets, AnomalyInbox anomalies, AlertProperties properties) {
        return new RuleConditions(buckets, anomalies, properties.anomalyQuietPeriod(), CLOCK.millis());
    }

    @Bean
    RuleEvaluator alertRuleEvaluator(RuleRepository rules, FiringRepository firings, RuleConditions conditions, WebhookNotifier notifier,
            AlertRouter router, ConnectionPool pool, SlotOwnership ownership) {
        TransactionalOperator tx = TransactionalOperator.create(new R2dbcTransactionManager(pool));
        return new RuleEvaluator(rules, firings, conditions, notifier, router, tx, CLOCK, ownership);
    }

    @Bean
    EvaluationScheduler alertEvaluationScheduler(RuleEvaluator evaluator) {
        return new EvaluationScheduler(evaluator);
    }

    @Bean
    PeriodicEvaluator alertPeriodicEvaluator(RuleRepository rules, EvaluationScheduler scheduler, AlertProperties properties) {
        return new PeriodicEvaluator(rules, scheduler, properties.evaluationInterval());
    }

    @Bean
    AlertIntakeService alertIntakeService(RuleRepository rules, MatchBuckets buckets, AnomalyInbox anomalies, OwnerTrigger trigger) {
        return new AlertIntakeService(rules, buckets, anomalies, trigger);
    }
}
