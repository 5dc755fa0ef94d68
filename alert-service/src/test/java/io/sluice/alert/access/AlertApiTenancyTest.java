package io.sluice.alert.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.alert.AlertApplication;
import io.sluice.alert.TenantKeys;
import io.sluice.alert.firing.FiringRepository;
import io.sluice.alert.rule.AlertRule;
import io.sluice.alert.rule.RuleRepository;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tenant isolation of the whole alert API against the real MariaDB and Redis: every endpoint
 * refuses a request without a valid API key (401), a request naming another tenant (403), and
 * answers a key of tenant B about tenant A's rules, firings, channels, silences, notifications,
 * routes and groups as if they did not exist. The operator view of rule ownership needs a key as
 * well, of any tenant.
 */
@SpringBootTest(classes = AlertApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.grpc.server.port=0",
        "sluice.alert.channel.max-attempts=1",
        "sluice.alert.channel.timeout=20s"})
@DirtiesContext
@Import(AlertApiTenancyTest.Cleanup.class)
class AlertApiTenancyTest {

    private static final String DATABASE = "h_tenantscope_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> ENDPOINTS = List.of("/api/v1/alert-rules", "/api/v1/alert-rules/1", "/api/v1/alert-firings",
            "/api/v1/alert/routes", "/api/v1/alert/groups", "/api/v1/alert/silences", "/api/v1/alert/silences/1",
            "/api/v1/alert/channels", "/api/v1/alert/channels/1", "/api/v1/alert/notifications", "/api/v1/alert/notifications/1",
            "/api/v1/alert/ownership");

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    RuleRepository rules;

    @Autowired
    FiringRepository firings;

    String tenantA;
    String tenantB;
    WebTestClient a;
    WebTestClient b;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("sluice.mysql.url", () -> "mysql://root@127.0.0.1:3306/" + DATABASE);
        registry.add("sluice.redis.url", () -> "redis://127.0.0.1:6379");
        registry.add("sluice.redis.key-prefix", () -> "h_tenantscope:" + UUID.randomUUID() + ":");
    }

    @BeforeEach
    void tenants() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        tenantA = "h_tenantscope_a" + run;
        tenantB = "h_tenantscope_b" + run;
        a = TenantKeys.client(context, port, tenantA);
        b = TenantKeys.client(context, port, tenantB);
    }

    @Test
    void everyEndpointRefusesARequestWithoutAValidKey() {
        WebTestClient anonymous = TenantKeys.client(port, null);
        WebTestClient wrongKey = TenantKeys.client(port, "slk_" + "x".repeat(43));
        for (String path : ENDPOINTS) {
            for (WebTestClient client : List.of(anonymous, wrongKey)) {
                client.get().uri(path).exchange()
                        .expectStatus().isUnauthorized()
                        .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sluice\"")
                        .expectBody().jsonPath("$.error").isNotEmpty();
            }
        }
        anonymous.post().uri("/api/v1/alert-rules").contentType(MediaType.APPLICATION_JSON).bodyValue(rule(null, "anonymous"))
                .exchange().expectStatus().isUnauthorized();
        assertThat(rules.findAll(null).collectList().block(Duration.ofSeconds(60))).noneMatch(r -> r.name().equals("anonymous"));
    }

    @Test
    void theOwnershipViewAnswersAValidKeyOfAnyTenant() {
        for (WebTestClient client : List.of(a, b)) {
            client.get().uri("/api/v1/alert/ownership").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.slots").isEqualTo(64).jsonPath("$.instance").isNotEmpty();
        }
    }

    @Test
    void aRequestNamingAnotherTenantIsForbiddenAndStoresNothing() {
        for (String path : List.of("/api/v1/alert-rules", "/api/v1/alert/routes", "/api/v1/alert/groups", "/api/v1/alert/silences",
                "/api/v1/alert/channels", "/api/v1/alert/notifications")) {
            b.get().uri(path + "?tenant={t}", tenantA).exchange().expectStatus().isForbidden();
        }
        b.get().uri("/api/v1/alert-rules").header("X-Sluice-Tenant", tenantA).exchange().expectStatus().isForbidden();
        b.post().uri("/api/v1/alert-rules").contentType(MediaType.APPLICATION_JSON).bodyValue(rule(tenantA, "stolen"))
                .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.error").isEqualTo("key belongs to another tenant");
        b.post().uri("/api/v1/alert/channels").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant", tenantA, "name", "hook", "type", "webhook", "settings", Map.of("url", "http://127.0.0.1:9/x")))
                .exchange().expectStatus().isForbidden();
        b.post().uri("/api/v1/alert/silences").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant", tenantA, "matchers", List.of("team=\"db\""), "duration", "1h", "createdBy", "b", "comment", "x"))
                .exchange().expectStatus().isForbidden();
        b.put().uri("/api/v1/alert/routes?tenant={t}", tenantA).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("route", Map.of("receiver", "hook"))).exchange().expectStatus().isForbidden();

        assertThat(rules.findAll(tenantA).collectList().block(Duration.ofSeconds(60))).isEmpty();
        a.get().uri("/api/v1/alert/channels").exchange().expectStatus().isOk().expectBody().jsonPath("$.channels.length()").isEqualTo(0);
        a.get().uri("/api/v1/alert/silences").exchange().expectStatus().isOk().expectBody().jsonPath("$.silences.length()").isEqualTo(0);
        a.get().uri("/api/v1/alert/routes").exchange().expectStatus().isNotFound();
    }

    @Test
    void aBodyWithoutATenantActsForTheKeysTenant() {
        JsonNode created = json(b.post().uri("/api/v1/alert-rules").contentType(MediaType.APPLICATION_JSON).bodyValue(rule(null, "mine"))
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody());
        assertThat(created.get("tenant").asString()).isEqualTo(tenantB);
        b.post().uri("/api/v1/alert-rules").contentType(MediaType.APPLICATION_JSON).bodyValue(rule(tenantB, "named"))
                .exchange().expectStatus().isCreated().expectBody().jsonPath("$.tenant").isEqualTo(tenantB);
    }

    @Test
    void anotherTenantsRulesAndFiringsAreInvisible() {
        long ruleId = json(a.post().uri("/api/v1/alert-rules").contentType(MediaType.APPLICATION_JSON).bodyValue(rule(null, "a's rule"))
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody()).get("id").asLong();
        AlertRule stored = rules.findById(ruleId).block(Duration.ofSeconds(60));
        firings.insert(stored, 5, System.currentTimeMillis(), 1).block(Duration.ofSeconds(60));

        b.get().uri("/api/v1/alert-rules").exchange().expectStatus().isOk().expectBody().jsonPath("$.rules.length()").isEqualTo(0);
        b.get().uri("/api/v1/alert-rules/{id}", ruleId).exchange().expectStatus().isNotFound();
        b.put().uri("/api/v1/alert-rules/{id}", ruleId).contentType(MediaType.APPLICATION_JSON).bodyValue(rule(null, "taken over"))
                .exchange().expectStatus().isNotFound();
        b.delete().uri("/api/v1/alert-rules/{id}", ruleId).exchange().expectStatus().isNotFound();
        b.get().uri("/api/v1/alert-firings").exchange().expectStatus().isOk().expectBody().jsonPath("$.firings.length()").isEqualTo(0);
        b.get().uri("/api/v1/alert-firings?ruleId={id}", ruleId).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.firings.length()").isEqualTo(0);

        a.get().uri("/api/v1/alert-rules/{id}", ruleId).exchange().expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("a's rule");
        a.get().uri("/api/v1/alert-firings?ruleId={id}", ruleId).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.firings.length()").isEqualTo(1).jsonPath("$.firings[0].tenant").isEqualTo(tenantA);
    }

    @Test
    void anotherTenantsChannelsAndNotificationsAreInvisible() {
        long channelId = json(a.post().uri("/api/v1/alert/channels").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "hook", "type", "webhook", "settings", Map.of("url", "http://127.0.0.1:9/hook")))
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody()).get("id").asLong();
        a.post().uri("/api/v1/alert/channels/{id}/test", channelId).exchange().expectStatus().isEqualTo(502);
        long notificationId = json(a.get().uri("/api/v1/alert/notifications").exchange().expectStatus().isOk().expectBody()
                .returnResult().getResponseBody()).get("notifications").get(0).get("id").asLong();

        b.get().uri("/api/v1/alert/channels").exchange().expectStatus().isOk().expectBody().jsonPath("$.channels.length()").isEqualTo(0);
        b.get().uri("/api/v1/alert/channels/{id}", channelId).exchange().expectStatus().isNotFound();
        b.put().uri("/api/v1/alert/channels/{id}", channelId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "mine", "type", "webhook", "settings", Map.of("url", "http://127.0.0.1:9/b")))
                .exchange().expectStatus().isNotFound();
        b.post().uri("/api/v1/alert/channels/{id}/test", channelId).exchange().expectStatus().isNotFound();
        b.delete().uri("/api/v1/alert/channels/{id}", channelId).exchange().expectStatus().isNotFound();
        b.get().uri("/api/v1/alert/notifications").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.notifications.length()").isEqualTo(0);
        b.get().uri("/api/v1/alert/notifications/{id}", notificationId).exchange().expectStatus().isNotFound();

        a.get().uri("/api/v1/alert/channels/{id}", channelId).exchange().expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("hook");
        a.get().uri("/api/v1/alert/notifications/{id}", notificationId).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.tenant").isEqualTo(tenantA);
    }

    @Test
    void anotherTenantsSilencesRoutesAndGroupsAreInvisible() {
        long silenceId = json(a.post().uri("/api/v1/alert/silences").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("matchers", List.of("team=\"db\""), "duration", "1h", "createdBy", "a", "comment", "maintenance"))
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody()).get("id").asLong();
        a.post().uri("/api/v1/alert/channels").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "ops", "type", "webhook", "settings", Map.of("url", "http://127.0.0.1:9/ops")))
                .exchange().expectStatus().isCreated();
        a.put().uri("/api/v1/alert/routes").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("route", Map.of("receiver", "ops"))).exchange().expectStatus().isOk();

        b.get().uri("/api/v1/alert/silences").exchange().expectStatus().isOk().expectBody().jsonPath("$.silences.length()").isEqualTo(0);
        b.get().uri("/api/v1/alert/silences/{id}", silenceId).exchange().expectStatus().isNotFound();
        b.delete().uri("/api/v1/alert/silences/{id}", silenceId).exchange().expectStatus().isNotFound();
        b.get().uri("/api/v1/alert/routes").exchange().expectStatus().isNotFound();
        b.delete().uri("/api/v1/alert/routes").exchange().expectStatus().isNotFound();
        b.get().uri("/api/v1/alert/groups").exchange().expectStatus().isOk().expectBody().jsonPath("$.groups.length()").isEqualTo(0);
        b.put().uri("/api/v1/alert/routes").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("route", Map.of("receiver", "ops"))).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields.receivers").isNotEmpty();

        a.get().uri("/api/v1/alert/silences/{id}", silenceId).exchange().expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("ACTIVE");
        a.get().uri("/api/v1/alert/routes").exchange().expectStatus().isOk().expectBody().jsonPath("$.route.receiver").isEqualTo("ops");
    }

    private static Map<String, Object> rule(String tenant, String name) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("name", name, "query", "{level=\"ERROR\"}", "threshold", 10,
                "windowSeconds", 60, "webhookUrl", "http://127.0.0.1:9/hook"));
        if (tenant != null) {
            body.put("tenant", tenant);
        }
        return body;
    }

    private static JsonNode json(byte[] body) {
        return JSON.readTree(body);
    }

    /** Drops the test's database once the context has stopped. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Cleanup {

        @Bean
        DisposableBean alertTenancyTestCleanup() {
            return () -> {
                try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                        Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
                }
            };
        }
    }
}
