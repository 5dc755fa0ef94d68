package io.sluice.analytics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sluice.analytics.anomaly.AlertAnomalySink;
import io.sluice.analytics.anomaly.AnomalyCloser;
import io.sluice.analytics.anomaly.AnomalyController;
import io.sluice.analytics.anomaly.AnomalyDetector;
import io.sluice.analytics.anomaly.AnomalyRecorder;
import io.sluice.analytics.anomaly.AnomalySink;
import io.sluice.analytics.anomaly.AnomalyStage;
import io.sluice.analytics.anomaly.AnomalyStore;
import io.sluice.analytics.api.AnalyticsApiErrors;
import io.sluice.analytics.api.StatsController;
import io.sluice.analytics.consume.EntryProcessor;
import io.sluice.analytics.match.AlertFindingsReporter;
import io.sluice.analytics.match.AlertIntakeClient;
import io.sluice.analytics.match.FindingsSink;
import io.sluice.analytics.match.MatcherRefresher;
import io.sluice.analytics.match.RuleMatchers;
import io.sluice.analytics.match.RuleSet;
import io.sluice.analytics.api.WindowController;
import io.sluice.analytics.template.TemplateMining;
import io.sluice.analytics.window.LeaderboardReader;
import io.sluice.analytics.window.StatsReader;
import io.sluice.analytics.window.StatsWriter;
import io.sluice.analytics.window.WindowReader;
import io.sluice.analytics.window.WindowRecorder;
import io.sluice.analytics.window.WindowStage;
import io.sluice.platform.redis.RedisConfiguration;
import io.sluice.platform.redis.SluiceRedis;
import io.sluice.platform.tenant.TenancyConfiguration;
import java.time.Clock;
import java.time.Duration;
import io.sluice.platform.stream.BufferConfiguration;
import io.sluice.platform.stream.BufferProperties;
import io.sluice.platform.stream.BufferRegistry;
import io.sluice.platform.stream.ConsumerListener;
import io.sluice.platform.stream.DeadLetters;
import io.sluice.platform.stream.GroupConsumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Everything analytics-service runs: the buffer consumer (platform's {@link GroupConsumer} over
 * the sharded streams; minute statistics and alert-rule matching), the client of alert-service's
 * {@code AlertIntake}, and the stats API (authenticated with API keys through platform tenancy, so
 * analytics also needs MySQL), anomaly detection ({@link Anomalies}) and window statistics with
 * leaderboards ({@link Windows}). Switched off
 * with {@code sluice.analytics.enabled=false}; alert matching alone with
 * {@code sluice.analytics.alerting-enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "sluice.analytics.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AnalyticsProperties.class)
@Import({RedisConfiguration.class, TenancyConfiguration.class, BufferConfiguration.class, StatsController.class, AnalyticsApiErrors.class,
        AnalyticsConfiguration.Alerting.class, AnalyticsConfiguration.Anomalies.class, AnalyticsConfiguration.Windows.class})
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
    TemplateMining analyticsTemplateMining() {
        return new TemplateMining();
    }

    @Bean
    EntryProcessor analyticsEntryProcessor(StatsWriter stats, ObjectProvider<FindingsSink> findings, ObjectProvider<AnomalyStage> anomalies,
            ObjectProvider<WindowStage> windows, TemplateMining mining) {
        return new EntryProcessor(stats, findings.getIfAvailable(() -> FindingsSink.NONE), anomalies.getIfAvailable(() -> AnomalyStage.NONE),
                windows.getIfAvailable(() -> WindowStage.NONE), mining);
    }

    @Bean
    GroupConsumer analyticsGroupConsumer(SluiceRedis redis, BufferRegistry registry, DeadLetters deadLetters, BufferProperties buffer,
            AnalyticsProperties properties, EntryProcessor processor) {
        return new GroupConsumer(redis, registry, deadLetters, properties.groupSettings(buffer.discoveryInterval()), buffer.groups(),
                processor, ConsumerListener.NONE);
    }

    /**
     * Anomaly detection, unless {@code sluice.analytics.anomaly.enabled=false}: windows recorded from
     * every buffer entry, judged when due, findings served at {@code /api/v1/anomalies} and, when
     * alerting is on, reported to alert-service.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "sluice.analytics.anomaly.enabled", matchIfMissing = true)
    @Import(AnomalyController.class)
    static class Anomalies {

        @Bean
        AnomalyRecorder analyticsAnomalyRecorder(SluiceRedis redis, AnalyticsProperties properties) {
            return new AnomalyRecorder(redis, properties.anomaly());
        }

        @Bean
        AnomalyStore analyticsAnomalyStore(SluiceRedis redis, AnalyticsProperties properties) {
            return new AnomalyStore(redis, properties.anomaly().stateTtl(), properties.anomaly().maxFindings());
        }

        @Bean
        AnomalyCloser analyticsAnomalyCloser(SluiceRedis redis, AnomalyStore store, AnalyticsProperties properties,
                ObjectProvider<AlertIntakeClient> alerts) {
            AnomalySink sink = alerts.getIfAvailable() == null ? AnomalySink.NONE : new AlertAnomalySink(alerts.getObject());
            return new AnomalyCloser(redis, store, new AnomalyDetector(properties.anomaly().detectorSettings()), properties.anomaly(),
                    Clock.systemUTC(), sink);
        }
    }

    /**
     * Window statistics and leaderboards, unless {@code sluice.analytics.window.enabled=false}: every
     * buffer entry counted into the 10 s / 1 min / 5 min / 1 h windows and the hour's and day's boards,
     * served at {@code /api/v1/windows} and {@code /api/v1/leaderboards}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "sluice.analytics.window.enabled", matchIfMissing = true)
    @Import(WindowController.class)
    static class Windows {

        @Bean
        WindowRecorder analyticsWindowRecorder(SluiceRedis redis, AnalyticsProperties properties) {
            return new WindowRecorder(redis, properties.window());
        }

        @Bean
        WindowReader analyticsWindowReader(SluiceRedis redis, AnalyticsProperties properties) {
            return new WindowReader(redis, properties.window());
        }

        @Bean
        LeaderboardReader analyticsLeaderboardReader(SluiceRedis redis) {
            return new LeaderboardReader(redis);
        }
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
                            m -> m.current().map(RuleSet::size).orElse(-1))
                    .description("Alert-rule queries known to this analytics instance; -1 until first fetched")
                    .register(registry);
        }

        @Bean
        AlertIntakeClient analyticsAlertIntakeClient(AnalyticsProperties properties) {
            return new AlertIntakeClient(properties.alertTarget(), properties.reportTimeout(), properties.reportWindow());
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
