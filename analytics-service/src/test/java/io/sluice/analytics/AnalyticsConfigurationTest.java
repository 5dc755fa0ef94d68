package io.sluice.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sluice.analytics.api.StatsController;
import io.sluice.analytics.consume.BufferConsumer;
import io.sluice.analytics.match.AlertIntakeClient;
import io.sluice.analytics.match.FindingsSink;
import io.sluice.analytics.match.MatcherRefresher;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Which beans {@link AnalyticsConfiguration} contributes under its switches (real Redis). */
class AnalyticsConfigurationTest {

    private static final String PREFIX = "test:" + UUID.randomUUID() + ":";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(AnalyticsConfiguration.class)
            .withPropertyValues("sluice.redis.url=redis://127.0.0.1:6379", "sluice.redis.key-prefix=" + PREFIX,
                    "sluice.analytics.alert-target=static://127.0.0.1:1");

    @AfterAll
    static void removeKeys() {
        RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().keys(PREFIX + "*").forEach(k -> c.sync().del(k));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void contributesTheConsumerTheStatsApiAndAlertMatchingByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(BufferConsumer.class).hasSingleBean(StatsController.class)
                    .hasSingleBean(AlertIntakeClient.class).hasSingleBean(MatcherRefresher.class).hasSingleBean(FindingsSink.class);
            assertThat(context.getBean(AnalyticsProperties.class).consumerName()).isNotBlank();
        });
    }

    @Test
    void keepsCountingButLeavesAlertServiceAloneWhenAlertingIsSwitchedOff() {
        runner.withPropertyValues("sluice.analytics.alerting-enabled=false").run(context -> assertThat(context)
                .hasSingleBean(BufferConsumer.class)
                .doesNotHaveBean(AlertIntakeClient.class)
                .doesNotHaveBean(MatcherRefresher.class)
                .doesNotHaveBean(FindingsSink.class));
    }

    @Test
    void contributesNothingWhenSwitchedOff() {
        runner.withPropertyValues("sluice.analytics.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(BufferConsumer.class)
                .doesNotHaveBean(StatsController.class)
                .doesNotHaveBean(AnalyticsProperties.class));
    }
}
