package io.sluice.analytics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sluice.analytics.api.StatsController;
import io.sluice.analytics.consume.BufferConsumer;
import io.sluice.analytics.consume.EntryProcessor;
import io.sluice.analytics.match.AlertFindingsReporter;
import io.sluice.analytics.match.AlertIntakeClient;
import io.sluice.analytics.match.FindingsSink;
import io.sluice.analytics.match.MatcherRefresher;
import io.sluice.analytics.match.RuleMatchers;
import io.sluice.analytics.window.StatsReader;
import io.sluice.analytics.window.StatsWriter;
import io.sluice.platform.redis.RedisConfiguration;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Everything analytics-service runs: the buffer consumer (minute statistics and alert-rule
 * matching), the client of alert-service's {@code AlertIntake}, and the stats API. Switched off
 * with {@code sluice.analytics.enabled=false}; alert matching alone with
 * {@code sluice.analytics.alerting-enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "sluice.analytics.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AnalyticsProperties.class)
@Import({RedisConfiguration.class, StatsController.class, AnalyticsConfiguration.Alerting.class})
public class AnalyticsConfiguration {

    @Bean
    StatsWriter analyticsStatsWriter(SluiceRedis redis, AnalyticsProperties properties) {
        return new StatsWriter(redis, properties.statsTtl());
    }

    @Bean
    StatsReader analyticsStatsReader(SluiceRedis redis) {
        return new StatsReader(redis);
    }

    @Bean
    EntryProcessor analyticsEntryProcessor(SluiceRedis redis, AnalyticsProperties properties, StatsWriter stats,
            ObjectProvider<FindingsSink> findings) {
        return new EntryProcessor(redis, properties.group(), stats, findings.getIfAvailable(() -> FindingsSink.NONE), Duration.ofMillis(200));
    }

    @Bean
    BufferConsumer analyticsBufferConsumer(SluiceRedis redis, AnalyticsProperties properties, EntryProcessor processor) {
        return new BufferConsumer(redis, properties, processor);
    }

    /** Alert-rule matching and reporting to alert-service, unless alerting is switched off. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "sluice.analytics.alerting-enabled", matchIfMissing = true)
    static class Alerting {

        @Bean
        RuleMatchers analyticsRuleMatchers() {
            return new RuleMatchers();
        }

        /** Gauge {@code sluice.analytics.matchers}: how many alert-rule queries this instance matches (-1 before the first fetch). */
        @Bean
        MeterBinder analyticsRuleMatchersMetrics(RuleMatchers matchers) {
            return registry -> Gauge.builder("sluice.analytics.matchers", matchers,
                            m -> m.current().map(List::size).orElse(-1))
                    .description("Alert-rule queries known to this analytics instance; -1 until first fetched")
                    .register(registry);
        }

        @Bean
        AlertIntakeClient analyticsAlertIntakeClient(AnalyticsProperties properties) {
            return new AlertIntakeClient(properties.alertTarget(), properties.reportTimeout());
        }

        @Bean
        MatcherRefresher analyticsMatcherRefresher(AlertIntakeClient client, RuleMatchers matchers, AnalyticsProperties properties) {
            return new MatcherRefresher(client, matchers, properties.matcherRefresh());
        }

        @Bean
        AlertFindingsReporter analyticsFindingsReporter(RuleMatchers matchers, AlertIntakeClient client) {
            return new AlertFindingsReporter(matchers, client);
        }
    }
}
