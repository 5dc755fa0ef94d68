package io.sluice.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.sluice.alert.rule.AlertRule;
import io.sluice.common.proto.alert.v1.AlertIntakeGrpc;
import io.sluice.common.proto.alert.v1.FindingsBatch;
import io.sluice.common.proto.alert.v1.MatchCount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Alertmanager semantics end to end inside alert-service: rules fire on matches reported over
 * real gRPC, their alerts go through the tenant's routing tree (stored over HTTP in the real
 * MariaDB), groups are flushed from MySQL, and notifications arrive at a real local webhook
 * receiver. Each test uses its own tenant, so the tests do not see each other's alerts.
 */
@SpringBootTest(classes = AlertApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.grpc.server.port=0",
        "sluice.alert.evaluation-interval=200ms",
        "sluice.alert.route.flush-interval=100ms",
        "sluice.alert.webhook-backoff=50ms"})
@DirtiesContext
@Import(AlertRoutingTest.Cleanup.class)
class AlertRoutingTest {

    private static final String DATABASE = "h_route_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
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
        registry.add("sluice.redis.key-prefix", () -> "h-route:" + UUID.randomUUID() + ":");
    }

    @BeforeEach
    void connect() {
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + httpPort).responseTimeout(Duration.ofSeconds(60)).build();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcServer.getPort()).usePlaintext().build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void severalAlertsOfOneGroupGoOutAsOneNotificationAfterGroupWaitAndAreNotRepeated() {
        String tenant = "route-group";
        http = TenantKeys.client(context, httpPort, tenant);
        putRoutes(tenant, Map.of("route", Map.of("receiver", channel(tenant, "/group"), "groupBy", List.of("tenant"),
                "groupWait", "3s", "groupInterval", "1s", "repeatInterval", "1h")));
        List<AlertRule> rules = List.of(createRule(tenant, "checkout errors", 60), createRule(tenant, "payment errors", 60),
                createRule(tenant, "search errors", 60));

        long start = System.currentTimeMillis();
        rules.forEach(r -> report(r, 1));

        await().atMost(Duration.ofSeconds(60)).until(() -> WEBHOOK.posts("/group").size() == 1);
        assertThat(WEBHOOK.arrivals("/group").get(0) - start).as("not before group_wait").isGreaterThanOrEqualTo(3000);

        JsonNode n = body("/group", 0);
        assertThat(n.get("status").asString()).isEqualTo("firing");
        assertThat(n.get("groupLabels").get("tenant").asString()).isEqualTo(tenant);
        assertThat(n.get("commonLabels").get("tenant").asString()).isEqualTo(tenant);
        assertThat(alertNames(n)).containsExactlyInAnyOrder("checkout errors", "payment errors", "search errors");
        for (JsonNode a : n.get("alerts")) {
            assertThat(a.get("status").asString()).isEqualTo("firing");
            assertThat(a.get("fingerprint").asString()).hasSize(16);
        }
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(8)).until(() -> WEBHOOK.posts("/group").size() == 1);
        http.get().uri("/api/v1/alert-firings?ruleId={id}", rules.get(0).id()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.firings[0].notifyStatus").isEqualTo("ROUTED");
        http.get().uri("/api/v1/alert/groups?tenant={t}", tenant).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.groups.length()").isEqualTo(1)
                .jsonPath("$.groups[0].lastFiring.length()").isEqualTo(3);
    }

    @Test
    void aSilencedAlertIsNotNotifiedUntilItsSilenceIsExpired() {
        String tenant = "route-silence";
        http = TenantKeys.client(context, httpPort, tenant);
        putRoutes(tenant, Map.of("route", Map.of("receiver", channel(tenant, "/silence"), "groupBy", List.of("alertname"),
                "groupWait", "0s", "groupInterval", "1s", "repeatInterval", "1h")));
        http.post().uri("/api/v1/alert/silences").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant", tenant, "matchers", List.of("alertname=\"disk maintenance\""), "duration", "1h",
                        "createdBy", "ops", "comment", "disk swap"))
                .exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.state").isEqualTo("ACTIVE");
        long silenceId = latestSilenceId(tenant);

        report(createRule(tenant, "disk maintenance", 60), 1);
        report(createRule(tenant, "checkout errors", 60), 1);

        await().atMost(Duration.ofSeconds(60)).until(() -> WEBHOOK.posts("/silence").size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(8)).until(() -> WEBHOOK.posts("/silence").size() == 1);
        assertThat(alertNames(body("/silence", 0))).containsExactly("checkout errors");

        http.delete().uri("/api/v1/alert/silences/{id}", silenceId).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("EXPIRED");
        await().atMost(Duration.ofSeconds(60)).until(() -> WEBHOOK.posts("/silence").size() == 2);
        assertThat(alertNames(body("/silence", 1))).containsExactly("disk maintenance");
        http.get().uri("/api/v1/alert/silences?tenant={t}&state=expired", tenant).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.silences.length()").isEqualTo(1)
                .jsonPath("$.silences[0].id").isEqualTo(silenceId)
                .jsonPath("$.silences[0].matchers[0]").isEqualTo("alertname=\"disk maintenance\"");
        http.get().uri("/api/v1/alert/silences?tenant={t}&state=active", tenant).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.silences.length()").isEqualTo(0);
    }

    @Test
    void anAlertIsNotNotifiedWhileAnAlertThatInhibitsItFires() {
        String tenant = "route-inhibit";
        http = TenantKeys.client(context, httpPort, tenant);
        putRoutes(tenant, Map.of(
                "route", Map.of("receiver", channel(tenant, "/inhibit"), "groupBy", List.of("alertname"), "groupWait", "0s",
                        "groupInterval", "1s", "repeatInterval", "1h"),
                "inhibitRules", List.of(Map.of("sourceMatchers", List.of("alertname=\"database down\""),
                        "targetMatchers", List.of("alertname=~\"slow .*\""), "equal", List.of("tenant")))));

        report(createRule(tenant, "database down", 60), 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> WEBHOOK.posts("/inhibit").size() == 1);
        report(createRule(tenant, "slow queries", 60), 1);
        report(createRule(tenant, "checkout errors", 60), 1);

        await().atMost(Duration.ofSeconds(60)).until(() -> WEBHOOK.posts("/inhibit").size() == 2);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(8)).until(() -> WEBHOOK.posts("/inhibit").size() == 2);
        assertThat(alertNames(body("/inhibit", 0))).containsExactly("database down");
        assertThat(alertNames(body("/inhibit", 1))).containsExactly("checkout errors");
    }

    @Test
    void anUnchangedGroupIsNotifiedAgainAfterRepeatIntervalNotOnEveryGroupInterval() {
        String tenant = "route-repeat";
        http = TenantKeys.client(context, httpPort, tenant);
        putRoutes(tenant, Map.of("route", Map.of("receiver", channel(tenant, "/repeat"), "groupWait", "0s", "groupInterval", "500ms",
                "repeatInterval", "3s")));

        report(createRule(tenant, "checkout errors", 60), 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> WEBHOOK.posts("/repeat").size() >= 3);

        // Two repeats take at least 2 × 3 s of decisions; re-sending on every 500 ms group_interval tick would take ~1 s.
        // The margin absorbs delivery delays on a loaded machine (arrival times, not decision times, are observed).
        List<Long> at = WEBHOOK.arrivals("/repeat");
        assertThat(at.get(2) - at.get(0)).isGreaterThanOrEqualTo(4500L);
        assertThat(body("/repeat", 1)).isEqualTo(body("/repeat", 0));
        assertThat(body("/repeat", 2)).isEqualTo(body("/repeat", 0));
    }

    @Test
    void aResolvedAlertIsNotifiedAsResolved() {
        String tenant = "route-resolve";
        http = TenantKeys.client(context, httpPort, tenant);
        putRoutes(tenant, Map.of("route", Map.of("receiver", channel(tenant, "/resolve"), "groupWait", "0s", "groupInterval", "1s",
                "repeatInterval", "1h")));

        report(createRule(tenant, "brief burst", 2), 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> WEBHOOK.posts("/resolve").size() == 1);
        assertThat(body("/resolve", 0).get("status").asString()).isEqualTo("firing");

        await().atMost(Duration.ofSeconds(60)).until(() -> WEBHOOK.posts("/resolve").size() == 2);
        JsonNode resolved = body("/resolve", 1);
        assertThat(resolved.get("status").asString()).isEqualTo("resolved");
        assertThat(alertNames(resolved)).containsExactly("brief burst");
        assertThat(resolved.get("alerts").get(0).get("status").asString()).isEqualTo("resolved");
        assertThat(resolved.get("alerts").get(0).get("endsAt").asString()).isNotEqualTo("0001-01-01T00:00:00Z");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(8)).until(() -> WEBHOOK.posts("/resolve").size() == 2);
        http.get().uri("/api/v1/alert/groups?tenant={t}", tenant).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.groups.length()").isEqualTo(0);
    }

    @Test
    void routesAreValidatedStoredAndDeleted() {
        String tenant = "route-api";
        http = TenantKeys.client(context, httpPort, tenant);
        http.get().uri("/api/v1/alert/routes?tenant={t}", tenant).exchange().expectStatus().isNotFound();
        http.put().uri("/api/v1/alert/routes?tenant={t}", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("route", Map.of("groupWait", "soon", "routes", List.of(Map.of("matchers", List.of("team=~\"(\""))))))
                .exchange().expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error").isEqualTo("invalid routing configuration")
                .jsonPath("$.fields['route.receiver']").isEqualTo("is required at the root")
                .jsonPath("$.fields['route.groupWait']").value(m -> assertThat((String) m).contains("not a duration"))
                .jsonPath("$.fields['route.routes[0].matchers[0]']").value(m -> assertThat((String) m).contains("invalid regular expression"));
        http.put().uri("/api/v1/alert/routes?tenant={t}", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("route", Map.of("receiver", "nobody")))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields.receivers").value(m -> assertThat((String) m).contains("no channel named nobody"));
        String ops = channel(tenant, "/api-ops");
        String db = channel(tenant, "/api-db");
        http.put().uri("/api/v1/alert/routes?tenant={t}", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"route\":{\"receiver\":\"" + ops + "\",\"routes\":[{\"receiver\":\"" + db + "\",\"matchers\":[\"team=\\\"db\\\"\"],\"continue\":true}]}}")
                .exchange().expectStatus().isOk();
        http.get().uri("/api/v1/alert/routes?tenant={t}", tenant).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.route.receiver").isEqualTo(ops)
                .jsonPath("$.route.routes[0].continue").isEqualTo(true)
                .jsonPath("$.route.routes[0].matchers[0]").isEqualTo("team=\"db\"");
        http.delete().uri("/api/v1/alert/routes?tenant={t}", tenant).exchange().expectStatus().isNoContent();
        http.delete().uri("/api/v1/alert/routes?tenant={t}", tenant).exchange().expectStatus().isNotFound();
    }

    @Test
    void silencesAreValidatedAndPendingOnesCanBeExpiredEarly() {
        String tenant = "route-silence-api";
        http = TenantKeys.client(context, httpPort, tenant);
        http.post().uri("/api/v1/alert/silences").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant", tenant, "matchers", List.of("x=~\".*\"")))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid silence")
                .jsonPath("$.fields.matchers").exists()
                .jsonPath("$.fields.endsAt").exists()
                .jsonPath("$.fields.createdBy").exists();
        long later = System.currentTimeMillis() + 3_600_000;
        http.post().uri("/api/v1/alert/silences").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant", tenant, "matchers", List.of("team=db"), "startsAt", later, "endsAt", later + 60_000,
                        "createdBy", "ops", "comment", "tonight's upgrade"))
                .exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.state").isEqualTo("PENDING");
        long id = latestSilenceId(tenant);
        http.get().uri("/api/v1/alert/silences?tenant={t}&state=pending", tenant).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.silences[0].id").isEqualTo(id);
        http.delete().uri("/api/v1/alert/silences/{id}", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("EXPIRED");
        http.get().uri("/api/v1/alert/silences/{id}", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("EXPIRED").jsonPath("$.comment").isEqualTo("tonight's upgrade");
        http.delete().uri("/api/v1/alert/silences/{id}", 999_999).exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/alert/silences?state=soon").exchange().expectStatus().isBadRequest();
    }

    /** Creates a webhook channel of {@code tenant} POSTing to {@code path} of the receiver; its name. */
    private String channel(String tenant, String path) {
        String name = "hook" + path.replace('/', '-');
        http.post().uri("/api/v1/alert/channels").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant", tenant, "name", name, "type", "webhook", "settings", Map.of("url", WEBHOOK.url(path))))
                .exchange().expectStatus().isCreated();
        return name;
    }

    private void putRoutes(String tenant, Map<String, Object> config) {
        http.put().uri("/api/v1/alert/routes?tenant={t}", tenant).contentType(MediaType.APPLICATION_JSON).bodyValue(config)
                .exchange().expectStatus().isOk();
    }

    private AlertRule createRule(String tenant, String name, int windowSeconds) {
        return http.post().uri("/api/v1/alert-rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant", tenant, "name", name, "query", "{level=\"ERROR\"}", "threshold", 0, "windowSeconds", windowSeconds,
                        "webhookUrl", WEBHOOK.url("/rule-webhook-unused")))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(AlertRule.class).returnResult().getResponseBody();
    }

    private void report(AlertRule rule, long count) {
        AlertIntakeGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).report(FindingsBatch.newBuilder()
                .setBatchId("entry-" + UUID.randomUUID())
                .addMatches(MatchCount.newBuilder().setRuleId(rule.id()).setBucketStartMillis(System.currentTimeMillis() / 1000 * 1000).setCount(count))
                .build());
    }

    private long latestSilenceId(String tenant) {
        JsonNode list = JSON.readTree(http.get().uri("/api/v1/alert/silences?tenant={t}", tenant).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        return list.get("silences").get(0).get("id").asLong();
    }

    private static JsonNode body(String path, int index) {
        return JSON.readTree(WEBHOOK.posts(path).get(index));
    }

    private static List<String> alertNames(JsonNode notification) {
        List<String> names = new ArrayList<>();
        notification.get("alerts").forEach(a -> names.add(a.get("labels").get("alertname").asString()));
        return names;
    }

    /** Drops the test's database and stops the webhook server once the context has stopped. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Cleanup {

        @Bean
        DisposableBean alertRoutingTestCleanup() {
            return () -> {
                WEBHOOK.close();
                TestDatabases.drop(DATABASE);
            };
        }
    }
}
