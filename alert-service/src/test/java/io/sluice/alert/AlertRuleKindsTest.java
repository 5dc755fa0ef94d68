package io.sluice.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.sluice.alert.rule.AlertRule;
import io.sluice.common.proto.alert.v1.AlertIntakeGrpc;
import io.sluice.common.proto.alert.v1.AnomalyFinding;
import io.sluice.common.proto.alert.v1.FindingsBatch;
import io.sluice.common.proto.alert.v1.ListMatchersRequest;
import io.sluice.common.proto.alert.v1.MatchCount;
import io.sluice.common.proto.alert.v1.RuleMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
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
 * The rule kinds end to end inside alert-service: rules created over HTTP, match counts and
 * anomaly findings reported over a real gRPC connection, state in the real Redis and MariaDB,
 * notifications POSTed to a real local HTTP server — metric, absence and anomaly rules fire and
 * resolve, {@code for} holds back a blip, annotations are rendered, severity and labels route.
 */
@SpringBootTest(classes = AlertApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.grpc.server.port=0",
        "sluice.alert.evaluation-interval=200ms",
        "sluice.alert.webhook-backoff=50ms",
        "sluice.alert.route.flush-interval=100ms"})
@DirtiesContext
@Import(AlertRuleKindsTest.Cleanup.class)
class AlertRuleKindsTest {

    private static final String DATABASE = "h_ruletypes_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final WebhookReceiver WEBHOOK = WebhookReceiver.start();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration LONG = Duration.ofSeconds(60);

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
        registry.add("sluice.redis.key-prefix", () -> "h_ruletypes:" + UUID.randomUUID() + ":");
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
    void aMetricRuleFiresWhenItsRateExceedsTheBoundAndResolvesWhenTheWindowEmpties() {
        AlertRule rule = createRule(Map.of("name", "error rate", "kind", "metric", "query", "rate({level=\"ERROR\"} |= \"timeout\" [5s]) > 2",
                "webhookUrl", WEBHOOK.url("/metric")));
        assertThat(rule.windowSeconds()).isEqualTo(5);
        assertThat(intake().listMatchers(ListMatchersRequest.getDefaultInstance()).getMatchersList()).contains(RuleMatcher.newBuilder()
                .setRuleId(rule.id()).setTenant("default").setQuery("{level=\"ERROR\"} |= \"timeout\"").build());

        report(rule, Map.of(currentSecond(), 15L));

        await().atMost(LONG).until(() -> WEBHOOK.posts("/metric").size() == 1);
        JsonNode post = JSON.readTree(WEBHOOK.posts("/metric").get(0));
        assertThat(post.get("rule").get("kind").asString()).isEqualTo("metric");
        assertThat(post.get("firing").get("observedValue").asDouble()).isEqualTo(3.0);
        assertThat(post.get("labels").get("severity").asString()).isEqualTo("warning");
        assertThat(post.get("annotations").get("summary").asString()).contains("(value 3)");

        await().atMost(LONG).until(() -> state(rule.id()).equals("OK"));
        assertThat(WEBHOOK.posts("/metric")).hasSize(1);
    }

    @Test
    void forHoldsBackAShortBlipAndFiresASustainedCondition() {
        AlertRule rule = createRule(Map.of("name", "held errors", "query", "{level=\"ERROR\"}", "threshold", 0, "windowSeconds", 3,
                "for", "6s", "webhookUrl", WEBHOOK.url("/for")));

        report(rule, Map.of(currentSecond(), 1L));
        await().atMost(LONG).until(() -> state(rule.id()).equals("PENDING"));
        await().atMost(LONG).until(() -> state(rule.id()).equals("OK"));
        assertThat(WEBHOOK.posts("/for")).as("a 3 s blip does not last 6 s").isEmpty();
        assertThat(firings(rule.id()).size()).isZero();

        long start = currentSecond();
        Map<Long, Long> sustained = new HashMap<>();
        for (int s = 0; s < 14; s++) {
            sustained.put(start + s * 1000L, 1L);
        }
        report(rule, sustained);
        await().atMost(LONG).until(() -> WEBHOOK.posts("/for").size() == 1);
        JsonNode firing = firings(rule.id()).get(0);
        assertThat(firing.get("firedAt").asLong() - start).as("held for 6 s first").isGreaterThanOrEqualTo(6000);
        assertThat(state(rule.id())).isEqualTo("FIRING");
    }

    @Test
    void anAbsenceRuleDoesNotFireBeforeAFullWindowWasObserved() {
        AlertRule rule = createRule(Map.of("name", "nothing yet", "kind", "absence", "query", "{service=\"never\"}", "windowSeconds", 4,
                "webhookUrl", WEBHOOK.url("/absent-new")));

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> WEBHOOK.posts("/absent-new").isEmpty());
        await().atMost(LONG).until(() -> WEBHOOK.posts("/absent-new").size() == 1);
        assertThat(firings(rule.id()).get(0).get("firedAt").asLong() - rule.definedAt()).isGreaterThanOrEqualTo(4000);
    }

    @Test
    void anAbsenceRuleFiresWhenItsSeriesStopsAndResolvesWhenItComesBack() {
        AlertRule rule = createRule(Map.of("name", "checkout went silent", "kind", "absence", "query", "{service=\"checkout\"}",
                "windowSeconds", 3, "severity", "critical", "webhookUrl", WEBHOOK.url("/absent")));
        long start = currentSecond();
        Map<Long, Long> alive = new TreeMap<>();
        for (int s = 0; s < 6; s++) {
            alive.put(start + s * 1000L, 2L);
        }
        report(rule, alive);

        await().atMost(LONG).until(() -> WEBHOOK.posts("/absent").size() == 1);
        long lastLine = start + 5000;
        assertThat(firings(rule.id()).get(0).get("firedAt").asLong()).as("only once the last line is a window old")
                .isGreaterThanOrEqualTo(lastLine + 3000);
        JsonNode post = JSON.readTree(WEBHOOK.posts("/absent").get(0));
        assertThat(post.get("labels").get("severity").asString()).isEqualTo("critical");
        assertThat(post.get("annotations").get("summary").asString()).isEqualTo("no events matching {service=\"checkout\"} for 3 s");

        long back = currentSecond();
        Map<Long, Long> again = new TreeMap<>();
        for (int s = 0; s < 20; s++) {
            again.put(back + s * 1000L, 1L);
        }
        report(rule, again);
        await().atMost(LONG).until(() -> state(rule.id()).equals("OK"));
        assertThat(WEBHOOK.posts("/absent")).hasSize(1);
    }

    @Test
    void anAnomalyRuleFiresOnceOnAMatchingFindingRendersItAndResolvesAfterItsQuietPeriod() {
        String tenant = "kinds-anomaly";
        http = TenantKeys.client(context, httpPort, tenant);
        AlertRule rule = createRule(Map.of("tenant", tenant, "name", "new checkout templates", "kind", "anomaly",
                "anomaly", Map.of("types", List.of("NEW_TEMPLATE"), "service", "checkout"), "windowSeconds", 4, "severity", "critical",
                "labels", Map.of("team", "shop"),
                "annotations", Map.of("description", "{{explanation}} (expected {{expected}}, actual {{actual}}): {{#samples}}{{.}}; {{/samples}}",
                        "runbook", "{{rule.name}} for {{labels.team}}, score {{value}}"),
                "webhookUrl", WEBHOOK.url("/anomaly")));
        assertThat(intake().listMatchers(ListMatchersRequest.getDefaultInstance()).getMatchersList())
                .extracting(RuleMatcher::getRuleId).doesNotContain(rule.id());

        assertThat(reportAnomalies("anomalies/" + tenant + "/1", finding(tenant, "NEW_TEMPLATE", "api", "service=api template=7"),
                finding(tenant, "RATE_SPIKE", "checkout", "service=checkout level=ERROR"),
                finding("other-tenant", "NEW_TEMPLATE", "checkout", "service=checkout template=9"))).isTrue();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> WEBHOOK.posts("/anomaly").isEmpty());

        String batch = "anomalies/" + tenant + "/2";
        AnomalyFinding matching = finding(tenant, "NEW_TEMPLATE", "checkout", "service=checkout template=42");
        assertThat(reportAnomalies(batch, matching)).isTrue();
        assertThat(reportAnomalies(batch, matching)).as("a redelivered batch is ignored").isFalse();

        await().atMost(LONG).until(() -> WEBHOOK.posts("/anomaly").size() == 1);
        JsonNode post = JSON.readTree(WEBHOOK.posts("/anomaly").get(0));
        assertThat(post.get("rule").get("kind").asString()).isEqualTo("anomaly");
        assertThat(post.get("labels").get("team").asString()).isEqualTo("shop");
        assertThat(post.get("labels").get("severity").asString()).isEqualTo("critical");
        assertThat(post.get("annotations").get("description").asString())
                .isEqualTo("template 42 was never seen before (expected 0, actual 3.5): payment gateway timeout after 30s; retrying charge; ");
        assertThat(post.get("annotations").get("runbook").asString()).isEqualTo("new checkout templates for shop, score 6.25");

        await().atMost(LONG).until(() -> state(rule.id()).equals("OK"));
        assertThat(reportAnomalies(batch, matching)).isFalse();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> state(rule.id()).equals("OK"));
        assertThat(WEBHOOK.posts("/anomaly")).hasSize(1);
        assertThat(firings(rule.id()).size()).isEqualTo(1);
    }

    @Test
    void severityLabelsAndRenderedAnnotationsReachTheRoutingTree() {
        String tenant = "kinds-routed";
        http = TenantKeys.client(context, httpPort, tenant);
        String ops = channel(tenant, "/routed-ops");
        String pager = channel(tenant, "/routed-pager");
        http.put().uri("/api/v1/alert/routes?tenant={t}", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("route", Map.of("receiver", ops, "groupBy", List.of("alertname"), "groupWait", "0s",
                        "routes", List.of(Map.of("matchers", List.of("severity=\"critical\"", "team=\"payments\""), "receiver", pager)))))
                .exchange().expectStatus().isOk();
        AlertRule rule = createRule(Map.of("tenant", tenant, "name", "payment errors", "query", "{service=\"payments\"}", "threshold", 5,
                "windowSeconds", 60, "severity", "critical", "labels", Map.of("team", "payments"),
                "annotations", Map.of("description", "{{value}} errors for {{labels.team}} in {{rule.windowSeconds}} s ({{rule.name}})"),
                "webhookUrl", WEBHOOK.url("/unused")));

        report(rule, Map.of(currentSecond(), 7L));

        await().atMost(LONG).until(() -> WEBHOOK.posts("/routed-pager").size() == 1);
        JsonNode alert = JSON.readTree(WEBHOOK.posts("/routed-pager").get(0)).get("alerts").get(0);
        assertThat(alert.get("labels").get("severity").asString()).isEqualTo("critical");
        assertThat(alert.get("labels").get("team").asString()).isEqualTo("payments");
        assertThat(alert.get("labels").get("alertname").asString()).isEqualTo("payment errors");
        assertThat(alert.get("annotations").get("description").asString()).isEqualTo("7 errors for payments in 60 s (payment errors)");
        assertThat(WEBHOOK.posts("/routed-ops")).isEmpty();
        assertThat(WEBHOOK.posts("/unused")).isEmpty();
        assertThat(firings(rule.id()).get(0).get("notifyStatus").asString()).isEqualTo("ROUTED");
    }

    @Test
    void editingTheLabelsOfAFiringRuleResolvesItsOldAlertAndDeletingItResolvesTheNewOne() {
        String tenant = "kinds-edit";
        http = TenantKeys.client(context, httpPort, tenant);
        String hook = channel(tenant, "/edited");
        http.put().uri("/api/v1/alert/routes?tenant={t}", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("route", Map.of("receiver", hook, "groupBy", List.of("alertname"), "groupWait", "0s", "groupInterval", "1s")))
                .exchange().expectStatus().isOk();
        Map<String, Object> body = new HashMap<>(Map.of("tenant", tenant, "name", "disk errors", "query", "{service=\"disk\"}", "threshold", 0,
                "windowSeconds", 600, "labels", Map.of("team", "a"), "webhookUrl", WEBHOOK.url("/unused")));
        AlertRule rule = createRule(body);
        report(rule, Map.of(currentSecond(), 1L));
        await().atMost(LONG).until(() -> WEBHOOK.posts("/edited").size() == 1);

        body.put("labels", Map.of("team", "b"));
        http.put().uri("/api/v1/alert-rules/{id}", rule.id()).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isOk();

        await().atMost(LONG).until(() -> alertStates("/edited").containsAll(List.of("a=resolved", "b=firing")));
        assertThat(firings(rule.id()).size()).as("fired afresh under the new labels").isEqualTo(2);

        http.delete().uri("/api/v1/alert-rules/{id}", rule.id()).exchange().expectStatus().isNoContent();
        await().atMost(LONG).until(() -> alertStates("/edited").contains("b=resolved"));
    }

    /** {@code team=status} of every alert in every notification POSTed to {@code path}. */
    private static List<String> alertStates(String path) {
        List<String> states = new ArrayList<>();
        for (String post : WEBHOOK.posts(path)) {
            JSON.readTree(post).get("alerts").forEach(a -> states.add(a.get("labels").get("team").asString() + "=" + a.get("status").asString()));
        }
        return states;
    }

    private static AnomalyFinding finding(String tenant, String type, String service, String series) {
        return AnomalyFinding.newBuilder().setTenant(tenant).setType(type).setService(service).setSeries(series)
                .setWindowStartMillis(currentSecond() - 10_000).setWindowMillis(10_000).setExpected(0).setActual(3.5).setScore(6.25)
                .addSamples("payment gateway timeout after 30s").addSamples("retrying charge")
                .setExplanation("template 42 was never seen before").build();
    }

    private AlertRule createRule(Map<String, Object> body) {
        return http.post().uri("/api/v1/alert-rules").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange()
                .expectStatus().isCreated()
                .expectBody(AlertRule.class).returnResult().getResponseBody();
    }

    private String channel(String tenant, String path) {
        String name = "hook" + path.replace('/', '-');
        http.post().uri("/api/v1/alert/channels").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant", tenant, "name", name, "type", "webhook", "settings", Map.of("url", WEBHOOK.url(path))))
                .exchange().expectStatus().isCreated();
        return name;
    }

    private String state(long ruleId) {
        return http.get().uri("/api/v1/alert-rules/{id}", ruleId).exchange().expectStatus().isOk()
                .expectBody(AlertRule.class).returnResult().getResponseBody().state().name();
    }

    private JsonNode firings(long ruleId) {
        return JSON.readTree(http.get().uri("/api/v1/alert-firings?ruleId={id}", ruleId).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).get("firings");
    }

    private void report(AlertRule rule, Map<Long, Long> buckets) {
        FindingsBatch.Builder batch = FindingsBatch.newBuilder().setBatchId("entry-" + UUID.randomUUID());
        buckets.forEach((start, count) -> batch.addMatches(MatchCount.newBuilder().setRuleId(rule.id()).setBucketStartMillis(start).setCount(count)));
        assertThat(intake().report(batch.build()).getApplied()).isTrue();
    }

    private boolean reportAnomalies(String batchId, AnomalyFinding... findings) {
        return intake().report(FindingsBatch.newBuilder().setBatchId(batchId).addAllAnomalies(List.of(findings)).build()).getApplied();
    }

    private AlertIntakeGrpc.AlertIntakeBlockingStub intake() {
        return AlertIntakeGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    private static long currentSecond() {
        return System.currentTimeMillis() / 1000 * 1000;
    }

    /** Drops the test's database and stops the webhook server once the context has stopped evaluating. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Cleanup {

        @Bean
        DisposableBean ruleKindsTestCleanup() {
            return () -> {
                WEBHOOK.close();
                TestDatabases.drop(DATABASE);
            };
        }
    }
}
