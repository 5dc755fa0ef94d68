package io.sluice.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sluice.analytics.api.StatsController;
import io.sluice.analytics.api.WindowController;
import io.sluice.analytics.match.AlertIntakeClient;
import io.sluice.analytics.match.FindingsSink;
import io.sluice.analytics.match.MatcherRefresher;
import io.sluice.analytics.window.WindowStage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import io.sluice.platform.stream.GroupConsumer;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Which beans {@link AnalyticsConfiguration} contributes under its switches (real Redis). */
class AnalyticsConfigurationTest {

    private static final String PREFIX = "test:" + UUID.randomUUID() + ":";
    private static final String DATABASE = "sluice_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(AnalyticsConfiguration.class)
            .withPropertyValues("sluice.redis.url=redis://127.0.0.1:6379", "sluice.redis.key-prefix=" + PREFIX,
                    "sluice.mysql.url=mysql://root@127.0.0.1:3306/" + DATABASE,
                    "sluice.analytics.alert-target=static://127.0.0.1:1");

    @AfterAll
    static void removeKeys() throws SQLException {
        RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().keys(PREFIX + "*").forEach(k -> c.sync().del(k));
        } finally {
            client.shutdown();
        }
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
        }
    }

    @Test
    void contributesTheConsumerTheStatsApiAndAlertMatchingByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(GroupConsumer.class).hasSingleBean(StatsController.class)
                    .hasSingleBean(AlertIntakeClient.class).hasSingleBean(MatcherRefresher.class).hasSingleBean(FindingsSink.class);
            assertThat(context.getBean(AnalyticsProperties.class).consumerName()).isNotBlank();
        });
    }

    @Test
    void keepsCountingButLeavesAlertServiceAloneWhenAlertingIsSwitchedOff() {
        runner.withPropertyValues("sluice.analytics.alerting-enabled=false").run(context -> assertThat(context)
                .hasSingleBean(GroupConsumer.class)
                .doesNotHaveBean(AlertIntakeClient.class)
                .doesNotHaveBean(MatcherRefresher.class)
                .doesNotHaveBean(FindingsSink.class));
    }

    @Test
    void keepsWindowStatisticsAndTheirApiByDefaultAndDropsThemWhenSwitchedOff() {
        runner.run(context -> assertThat(context).hasSingleBean(WindowStage.class).hasSingleBean(WindowController.class));
        runner.withPropertyValues("sluice.analytics.window.enabled=false").run(context -> assertThat(context)
                .hasSingleBean(GroupConsumer.class)
                .hasSingleBean(StatsController.class)
                .doesNotHaveBean(WindowStage.class)
                .doesNotHaveBean(WindowController.class));
    }

    @Test
    void contributesNothingWhenSwitchedOff() {
        runner.withPropertyValues("sluice.analytics.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(GroupConsumer.class)
                .doesNotHaveBean(StatsController.class)
                .doesNotHaveBean(AnalyticsProperties.class));
    }
}
