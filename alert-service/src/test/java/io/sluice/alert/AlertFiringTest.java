package io.sluice.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sluice.alert.rule.AlertRule;
import io.sluice.common.proto.alert.v1.AlertIntakeGrpc;
import io.sluice.common.proto.alert.v1.FindingsBatch;
import io.sluice.common.proto.alert.v1.ListMatchersRequest;
import io.sluice.common.proto.alert.v1.MatchCount;
import io.sluice.common.proto.alert.v1.RuleMatcher;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alerting end to end inside alert-service: rules created over HTTP, findings reported over a
 * real gRPC connection, buckets in the real Redis, rules and firings in the real MariaDB, and
 * webhooks POSTed to a real local HTTP server.
 */
@SpringBootTest(classes = AlertApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.grpc.server.port=0",
        "sluice.alert.evaluation-interval=200ms",
        "sluice.alert.webhook-backoff=50ms",
        "sluice.alert.webhook-timeout=5s"})
@DirtiesContext
@Import(AlertFiringTest.Cleanup.class)
class AlertFiringTest {

    private static final String DATABASE = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private static final WebhookReceiver WEBHOOK = WebhookReceiver.start();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int httpPort;

    @Autowired
    GrpcServerLifecycle grpcServer;

    @Autowired
    ApplicationContext context;

    WebTestClient http;
    ManagedChannel channel;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("sluice.mysql.url", () -> "mysql://root@127.0.0.1:3306/" + DATABASE);
        registry.add("sluice.redis.url", () -> "redis://127.0.0.1:6379");
        registry.add("sluice.redis.key-prefix", () -> "test:" + UUID.randomUUID() + ":");
    }

    @BeforeEach
    void connect() {
        http = TenantKeys.client(context, httpPort, "default");
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcServer.getPort()).usePlaintext().build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void moreThan100ErrorsInOneMinuteFiresOnceIsStoredAndPostsTheWebhookOnce() throws SQLException {
        AlertRule rule = createRule("more than 100 ERROR events in 1 minute", "{level=\"ERROR\"}", 100, 60, WEBHOOK.url("/errors"));
        long second = currentSecond();
        String first = "entry-" + UUID.randomUUID();

        assertThat(report(first, rule, second - 3000, 50)).isTrue();
        assertThat(report("entry-" + UUID.randomUUID(), rule, second - 2000, 40)).isTrue();
        assertThat(report(first, rule, second - 3000, 50)).as("a redelivered batch is ignored").isFalse();
        assertThat(report("entry-" + UUID.randomUUID(), rule, second - 1000, 60)).isTrue();

        await().atMost(Duration.ofSeconds(60)).until(() -> WEBHOOK.posts("/errors").size() == 1);
        assertThat(report("entry-" + UUID.randomUUID(), rule, currentSecond(), 10)).isTrue();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> WEBHOOK.posts("/errors").size() == 1);

        assertThat(firingRowsOf(rule.id())).isEqualTo(1);
        assertThat(getRule(rule.id()).state().name()).isEqualTo("FIRING");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> http.get().uri("/api/v1/alert-firings?ruleId={id}", rule.id()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.firings.length()").isEqualTo(1)
                .jsonPath("$.firings[0].ruleId").isEqualTo(rule.id())
                .jsonPath("$.firings[0].tenant").isEqualTo("default")
                .jsonPath("$.firings[0].observedCount").isEqualTo(150)
                .jsonPath("$.firings[0].threshold").isEqualTo(100)
                .jsonPath("$.firings[0].windowSeconds").isEqualTo(60)
                .jsonPath("$.firings[0].notifyStatus").isEqualTo("SENT")
                .jsonPath("$.firings[0].notifyAttempts").isEqualTo(1)
                .jsonPath("$.firings[0].notifiedAt").isNumber());

        JsonNode post = JSON.readTree(WEBHOOK.posts("/errors").get(0));
        Map<String, Object> firing = latestFiring(rule.id());
        assertThat(post.get("status").asString()).isEqualTo("firing");
        assertThat(post.get("tenant").asString()).isEqualTo("default");
        assertThat(post.get("rule").get("id").asLong()).isEqualTo(rule.id());
        assertThat(post.get("rule").get("name").asString()).isEqualTo("more than 100 ERROR events in 1 minute");
        assertThat(post.get("rule").get("query").asString()).isEqualTo("{level=\"ERROR\"}");
        assertThat(post.get("rule").get("threshold").asLong()).isEqualTo(100);
        assertThat(post.get("rule").get("windowSeconds").asInt()).isEqualTo(60);
        assertThat(post.get("firing").get("id").asLong()).isEqualTo(firing.get("id"));
        assertThat(post.get("firing").get("firedAt").asLong()).isEqualTo(firing.get("fired_at"));
        assertThat(post.get("firing").get("observedCount").asLong()).isEqualTo(150);
    }

    @Test
    void fiftyMatchesDoNotFireARuleWhoseThresholdIs100() throws SQLException {
        AlertRule rule = createRule("quiet", "{level=\"ERROR\"}", 100, 60, WEBHOOK.url("/quiet"));
        long second = currentSecond();

        assertThat(report("entry-" + UUID.randomUUID(), rule, second - 1000, 30)).isTrue();
        assertThat(report("entry-" + UUID.randomUUID(), rule, second, 20)).isTrue();

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> WEBHOOK.posts("/quiet").isEmpty());
        assertThat(firingRowsOf(rule.id())).isZero();
        assertThat(getRule(rule.id()).state().name()).isEqualTo("OK");
    }

    @Test
    void aFailingWebhookIsRetriedAndTheFiringIsRecordedAsFailed() {
        WEBHOOK.answer("/broken", 500);
        AlertRule rule = createRule("any error", "{level=\"ERROR\"}", 0, 60, WEBHOOK.url("/broken"));

        assertThat(report("entry-" + UUID.randomUUID(), rule, currentSecond(), 1)).isTrue();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> http.get().uri("/api/v1/alert-firings?ruleId={id}", rule.id()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.firings.length()").isEqualTo(1)
                .jsonPath("$.firings[0].notifyStatus").isEqualTo("FAILED")
                .jsonPath("$.firings[0].notifyAttempts").isEqualTo(4)
                .jsonPath("$.firings[0].notifyError").value(e -> assertThat((String) e).contains("HTTP 500"))
                .jsonPath("$.firings[0].notifiedAt").isEmpty());
        assertThat(WEBHOOK.posts("/broken")).as("first attempt and 3 retries").hasSize(4);
    }

    @Test
    void aRuleResolvesWhenItsWindowEmptiesAndFiresAgainOnNewMatches() throws SQLException {
        AlertRule rule = createRule("flapping", "{}", 0, 10, WEBHOOK.url("/flap"));

        assertThat(report("entry-" + UUID.randomUUID(), rule, currentSecond(), 1)).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> WEBHOOK.posts("/flap").size() == 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> getRule(rule.id()).state().name().equals("OK"));

        assertThat(report("entry-" + UUID.randomUUID(), rule, currentSecond(), 1)).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> WEBHOOK.posts("/flap").size() == 2);
        assertThat(firingRowsOf(rule.id())).isEqualTo(2);
    }

    @Test
    void listMatchersServesTheEnabledRulesOnly() {
        AlertRule enabled = createRule("enabled", "{service=\"checkout\"} |= \"timeout\"", 5, 60, WEBHOOK.url("/unused"));
        AlertRule disabled = createRule("disabled", "{}", 5, 60, WEBHOOK.url("/unused"));
        http.put().uri("/api/v1/alert-rules/{id}", disabled.id()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "disabled", "query", "{}", "threshold", 5, "windowSeconds", 60,
                        "webhookUrl", WEBHOOK.url("/unused"), "enabled", false))
                .exchange().expectStatus().isOk();

        List<RuleMatcher> matchers = intake().listMatchers(ListMatchersRequest.getDefaultInstance()).getMatchersList();

        assertThat(matchers).contains(RuleMatcher.newBuilder().setRuleId(enabled.id()).setTenant("default")
                .setQuery("{service=\"checkout\"} |= \"timeout\"").build());
        assertThat(matchers).extracting(RuleMatcher::getRuleId).doesNotContain(disabled.id());
    }

    @Test
    void aReportWithoutBatchIdIsRejectedAsInvalid() {
        assertThatThrownBy(() -> intake().report(FindingsBatch.newBuilder()
                        .addMatches(MatchCount.newBuilder().setRuleId(1).setBucketStartMillis(currentSecond()).setCount(1)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("batch_id");
                });
    }

    private AlertRule createRule(String name, String query, long threshold, int windowSeconds, String webhookUrl) {
        return http.post().uri("/api/v1/alert-rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name, "query", query, "threshold", threshold, "windowSeconds", windowSeconds, "webhookUrl", webhookUrl))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(AlertRule.class).returnResult().getResponseBody();
    }

    private AlertRule getRule(long id) {
        return http.get().uri("/api/v1/alert-rules/{id}", id).exchange().expectStatus().isOk()
                .expectBody(AlertRule.class).returnResult().getResponseBody();
    }

    private boolean report(String batchId, AlertRule rule, long bucketStart, long count) {
        return intake().report(FindingsBatch.newBuilder().setBatchId(batchId)
                        .addMatches(MatchCount.newBuilder().setRuleId(rule.id()).setBucketStartMillis(bucketStart).setCount(count))
                        .build())
                .getApplied();
    }

    private AlertIntakeGrpc.AlertIntakeBlockingStub intake() {
        return AlertIntakeGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static long currentSecond() {
        return System.currentTimeMillis() / 1000 * 1000;
    }

    private static int firingRowsOf(long ruleId) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/" + DATABASE, "root", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM alert_firing WHERE rule_id = " + ruleId)) {
            r.next();
            return r.getInt(1);
        }
    }

    private static Map<String, Object> latestFiring(long ruleId) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/" + DATABASE, "root", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT id, fired_at FROM alert_firing WHERE rule_id = " + ruleId + " ORDER BY id DESC LIMIT 1")) {
            r.next();
            Map<String, Object> row = new HashMap<>();
            row.put("id", r.getLong("id"));
            row.put("fired_at", r.getLong("fired_at"));
            return row;
        }
    }

    /** Drops the test's database and stops the webhook server once the context has stopped evaluating. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Cleanup {

        @Bean
        DisposableBean alertTestCleanup() {
            return () -> {
                WEBHOOK.close();
                TestDatabases.drop(DATABASE);
            };
        }
    }
}
