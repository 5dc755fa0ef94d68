package io.sluice.analytics;

import static io.sluice.analytics.BufferFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisCommandExecutionException;
import io.sluice.common.proto.alert.v1.RuleMatcher;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.platform.tenant.ApiKeyFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * analytics-service's buffer consumer behind the findings stream, against the real Redis and a
 * real gRPC {@code AlertIntake} server: a slow alert-service holds the consumer back (at most
 * {@code report-window} batches unacknowledged, the rest of the buffer left unread), and a restart
 * of alert-service mid-stream loses nothing and counts nothing twice.
 */
@SpringBootTest(classes = AnalyticsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "sluice.analytics.report-window=" + FindingsBackpressureTest.WINDOW,
        "sluice.analytics.report-timeout=60s",
        "sluice.analytics.batch-count=" + FindingsBackpressureTest.BATCH_COUNT,
        "sluice.analytics.max-in-flight=" + FindingsBackpressureTest.MAX_IN_FLIGHT,
        "sluice.analytics.claim-min-idle=120s",
        "sluice.analytics.matcher-refresh=200ms"})
@DirtiesContext
@Import(FindingsBackpressureTest.Cleanup.class)
class FindingsBackpressureTest {

    static final int WINDOW = 2;
    static final int BATCH_COUNT = 5;
    static final int MAX_IN_FLIGHT = 2;

    private static final String PREFIX = "h_findstream_" + UUID.randomUUID() + ":";
    private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");
    private static final BufferFixture BUFFER = new BufferFixture(PREFIX);
    private static final RecordingAlertIntake ALERT = startAlertIntake();
    private static final String DATABASE = "h_findstream_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("sluice.redis.url", () -> BufferFixture.URL);
        registry.add("sluice.redis.key-prefix", () -> PREFIX);
        registry.add("sluice.analytics.alert-target", () -> "static://127.0.0.1:" + ALERT.port());
        registry.add("sluice.mysql.url", () -> "mysql://root@127.0.0.1:3306/" + DATABASE);
        registry.add("sluice.tenancy.bootstrap-api-key", ApiKeyFormat::generate);
        registry.add("sluice.tenancy.bootstrap-tenant", () -> "slow");
    }

    @Test
    void aSlowAlertIntakeHoldsTheConsumerBackAndEveryEntryIsCountedOnceAfterwards() {
        ALERT.hold();
        List<String> ids = append("slow", 60);

        await().atMost(Duration.ofSeconds(60)).until(() -> ALERT.receivedUnacked.get() == WINDOW);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(ALERT.receivedUnacked.get()).as("received and not acknowledged").isEqualTo(WINDOW);
            assertThat(ALERT.reportsOf(ids)).as("reports sent while the window is full").isEqualTo(WINDOW);
            assertThat(pendingCount("slow")).as("entries read and held: the consumer stopped reading ahead")
                    .isBetween(1L, (long) MAX_IN_FLIGHT * BATCH_COUNT);
        });
        assertThat(BUFFER.redis().xlen(BUFFER.stream("slow", 0))).isEqualTo(ids.size());

        ALERT.release();

        await().atMost(Duration.ofSeconds(60)).until(() -> pendingCount("slow") == 0 && ALERT.applied.containsAll(ids));
        assertThat(ALERT.applied.stream().filter(ids::contains)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(ALERT.maxReceivedUnacked.get()).isLessThanOrEqualTo(WINDOW);
    }

    @Test
    void anAlertIntakeRestartMidStreamRetriesTheOutstandingEntriesAndCountsThemOnce() throws Exception {
        ALERT.hold();
        List<String> ids = append("restart", 6);
        await().atMost(Duration.ofSeconds(60)).until(() -> ALERT.receivedUnacked.get() == WINDOW);
        List<String> heldAcrossRestart = ids.stream().filter(id -> !ALERT.reportsOfId(id).isEmpty()).toList();
        assertThat(heldAcrossRestart).hasSize(WINDOW);

        ALERT.restart();

        await().atMost(Duration.ofSeconds(60)).until(() -> pendingCount("restart") == 0 && ALERT.applied.containsAll(ids));
        assertThat(ALERT.applied.stream().filter(ids::contains)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(heldAcrossRestart).allSatisfy(id -> assertThat(ALERT.reportsOfId(id)).as("reported again after the restart").hasSizeGreaterThanOrEqualTo(2));
    }

    private static List<String> append(String tenant, int entries) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            ids.add(BUFFER.append(tenant, 0, LogBatch.newBuilder().addEvents(event(tenant, T.plusSeconds(i), "INFO", "api", "line " + i)).build()));
        }
        return ids;
    }

    private static long pendingCount(String tenant) {
        try {
            return BUFFER.redis().xpending(BUFFER.stream(tenant, 0), "analytics").getCount();
        } catch (RedisCommandExecutionException e) {
            return -1; // not discovered yet: the group does not exist on the stream
        }
    }

    private static RecordingAlertIntake startAlertIntake() {
        try {
            return new RecordingAlertIntake(List.of(matcher(41, "slow"), matcher(42, "restart")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RuleMatcher matcher(long id, String tenant) {
        return RuleMatcher.newBuilder().setRuleId(id).setTenant(tenant).setQuery("{}").build();
    }

    /** Removes the test's keys and database and stops the gRPC server once the consumer has stopped. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Cleanup {

        @Bean
        DisposableBean findingsBackpressureCleanup() {
            return () -> {
                BUFFER.close();
                ALERT.close();
                try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                        Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
                }
            };
        }
    }
}
