package io.sluice.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.alert.AlertApplication;
import io.sluice.alert.TenantKeys;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The rules and firings HTTP API of alert-service against the real MariaDB and Redis. */
@SpringBootTest(classes = AlertApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.grpc.server.port=0",
        "management.endpoints.web.exposure.include=health,info,prometheus"})
@DirtiesContext
@Import(AlertRuleApiTest.Cleanup.class)
class AlertRuleApiTest {

    private static final String DATABASE = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    WebTestClient http;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("sluice.mysql.url", () -> "mysql://root@127.0.0.1:3306/" + DATABASE);
        registry.add("sluice.redis.url", () -> "redis://127.0.0.1:6379");
        registry.add("sluice.redis.key-prefix", () -> "test:" + UUID.randomUUID() + ":");
    }

    @BeforeEach
    void client() {
        http = TenantKeys.client(context, port, "default");
    }

    @Test
    void createsReadsListsUpdatesAndDeletesARule() {
        AlertRule created = http.post().uri("/api/v1/alert-rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "too many errors", "query", "{level=\"ERROR\"}", "threshold", 100, "windowSeconds", 60,
                        "webhookUrl", "http://127.0.0.1:9/hook"))
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().value("Location", l -> assertThat(l).startsWith("/api/v1/alert-rules/"))
                .expectBody(AlertRule.class).returnResult().getResponseBody();

        assertThat(created).isNotNull();
        assertThat(created.id()).isPositive();
        assertThat(created).isEqualTo(new AlertRule(created.id(), "default", "too many errors", RuleKind.COUNT, "{level=\"ERROR\"}", 100, 60,
                "0s", Severity.WARNING, Map.of(), Map.of(), null, "http://127.0.0.1:9/hook", true, RuleState.OK, created.stateChangedAt(),
                created.definedAt()));
        assertThat(created.definedAt()).isPositive();

        http.get().uri("/api/v1/alert-rules/{id}", created.id()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo(created.id())
                .jsonPath("$.tenant").isEqualTo("default")
                .jsonPath("$.name").isEqualTo("too many errors")
                .jsonPath("$.query").isEqualTo("{level=\"ERROR\"}")
                .jsonPath("$.threshold").isEqualTo(100)
                .jsonPath("$.windowSeconds").isEqualTo(60)
                .jsonPath("$.webhookUrl").isEqualTo("http://127.0.0.1:9/hook")
                .jsonPath("$.enabled").isEqualTo(true)
                .jsonPath("$.state").isEqualTo("OK");

        http.get().uri("/api/v1/alert-rules").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.rules[?(@.id == " + created.id() + ")].name").isEqualTo("too many errors");

        http.put().uri("/api/v1/alert-rules/{id}", created.id()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant", "acme", "name", "moved", "query", "{level=\"ERROR\"}",
                        "threshold", 5, "windowSeconds", 300, "webhookUrl", "https://hooks.example.com/x"))
                .exchange()
                .expectStatus().isForbidden();

        http.put().uri("/api/v1/alert-rules/{id}", created.id()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant", "default", "name", "checkout timeouts", "query", "{service=\"checkout\"} |= \"timeout\"",
                        "threshold", 5, "windowSeconds", 300, "webhookUrl", "https://hooks.example.com/x", "enabled", false))
                .exchange()
                .expectStatus().isOk()
                .expectBody(AlertRule.class)
                .value(updated -> assertThat(updated).isEqualTo(new AlertRule(created.id(), "default", "checkout timeouts", RuleKind.COUNT,
                        "{service=\"checkout\"} |= \"timeout\"", 5, 300, "0s", Severity.WARNING, Map.of(), Map.of(), null,
                        "https://hooks.example.com/x", false, RuleState.OK, created.stateChangedAt(), updated.definedAt())));

        http.get().uri("/api/v1/alert-rules?tenant=default").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.rules[?(@.id == " + created.id() + ")].name").isEqualTo("checkout timeouts");

        http.delete().uri("/api/v1/alert-rules/{id}", created.id()).exchange().expectStatus().isNoContent();
        http.get().uri("/api/v1/alert-rules/{id}", created.id()).exchange().expectStatus().isNotFound();
    }

    @Test
    void rejectsAnInvalidRuleWithAMessagePerField() {
        http.post().uri("/api/v1/alert-rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", " ", "query", "{level=\"ERROR\"}", "threshold", -1, "windowSeconds", 86_401,
                        "webhookUrl", "ftp://example.com/x"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error").isEqualTo("invalid alert rule")
                .jsonPath("$.fields.name").isEqualTo("must not be blank")
                .jsonPath("$.fields.threshold").isEqualTo("must be at least 0")
                .jsonPath("$.fields.windowSeconds").isEqualTo("must be between 1 and 86400")
                .jsonPath("$.fields.webhookUrl").value(m -> assertThat((String) m).contains("http or https"))
                .jsonPath("$.fields.query").doesNotExist();
    }

    @Test
    void storesAndReturnsTheKindForSeverityLabelsAnnotationsAndAnomalyFilter() {
        WebTestClient http = TenantKeys.client(context, port, "api-kinds");
        AlertRule created = http.post().uri("/api/v1/alert-rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant", "api-kinds", "name", "new checkout templates", "kind", "anomaly", "for", "1m30s",
                        "severity", "Critical", "labels", Map.of("team", "shop"), "annotations", Map.of("description", "{{explanation}}"),
                        "anomaly", Map.of("types", List.of("new_template", "TEMPLATE_SHIFT"), "service", "checkout", "templateId", "42"),
                        "webhookUrl", "http://127.0.0.1:9/hook"))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(AlertRule.class).returnResult().getResponseBody();

        assertThat(created).isEqualTo(new AlertRule(created.id(), "api-kinds", "new checkout templates", RuleKind.ANOMALY, "", 0, 0,
                "1m30s", Severity.CRITICAL, Map.of("team", "shop"), Map.of("description", "{{explanation}}"),
                new AnomalyFilter(List.of("NEW_TEMPLATE", "TEMPLATE_SHIFT"), "checkout", null, "42"), "http://127.0.0.1:9/hook", true,
                RuleState.OK, created.stateChangedAt(), created.definedAt()));
        http.get().uri("/api/v1/alert-rules/{id}", created.id()).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.kind").isEqualTo("anomaly")
                .jsonPath("$.for").isEqualTo("1m30s")
                .jsonPath("$.severity").isEqualTo("critical")
                .jsonPath("$.labels.team").isEqualTo("shop")
                .jsonPath("$.anomaly.types[0]").isEqualTo("NEW_TEMPLATE");
    }

    @Test
    void rejectsWhatAMetricRuleCannotEvaluateAndBadAlertFieldsNamingEach() {
        http.post().uri("/api/v1/alert-rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "p99", "kind", "metric", "query", "quantile_over_time(0.99, {service=\"api\"} | json | unwrap ms [5m]) > 250",
                        "for", "soon", "severity", "page", "labels", Map.of("tenant", "x"), "annotations", Map.of("summary", "{{#open}}"),
                        "webhookUrl", "http://127.0.0.1:9/"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.fields.query").value(m -> assertThat((String) m).contains("quantile_over_time cannot be answered from match counts"))
                .jsonPath("$.fields.for").value(m -> assertThat((String) m).contains("not a duration"))
                .jsonPath("$.fields.severity").isEqualTo("must be critical, warning or info")
                .jsonPath("$.fields['labels.tenant']").value(m -> assertThat((String) m).contains("set by Sluice"))
                .jsonPath("$.fields['annotations.summary']").value(m -> assertThat((String) m).contains("Mustache"));
    }

    @Test
    void rejectsAnUnparseableQueryWithTheParsersColumn() {
        http.post().uri("/api/v1/alert-rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "n", "query", "{level=ERROR}", "threshold", 1, "windowSeconds", 60, "webhookUrl", "http://127.0.0.1:9/"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields.query").value(m -> assertThat((String) m).contains("at column 8"));
    }

    @Test
    void rejectsMalformedJsonAndWrongTypes() {
        http.post().uri("/api/v1/alert-rules").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\": ")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isNotEmpty();
        http.post().uri("/api/v1/alert-rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"n\",\"query\":\"{}\",\"threshold\":\"many\",\"windowSeconds\":60,\"webhookUrl\":\"http://127.0.0.1:9/\"}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").value(m -> assertThat((String) m).contains("threshold"));
    }

    @Test
    void answersNotFoundForAnUnknownRule() {
        http.get().uri("/api/v1/alert-rules/999999").exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("no alert rule with id 999999");
        http.put().uri("/api/v1/alert-rules/999999").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "n", "query", "{}", "threshold", 1, "windowSeconds", 60, "webhookUrl", "http://127.0.0.1:9/"))
                .exchange().expectStatus().isNotFound();
        http.delete().uri("/api/v1/alert-rules/999999").exchange().expectStatus().isNotFound();
    }

    @Test
    void listsFiringsAndRejectsABadLimit() {
        http.get().uri("/api/v1/alert-firings?ruleId=999999").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.firings.length()").isEqualTo(0);
        http.get().uri("/api/v1/alert-firings?limit=0").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("limit must be between 1 and 1000");
        http.get().uri("/api/v1/alert-firings?limit=lots").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isNotEmpty();
    }

    @Test
    void exposesHealthAndPrometheusMetrics() {
        http.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
        http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }

    /** Drops the test's database once the context has stopped using it. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Cleanup {

        @Bean
        DisposableBean alertTestCleanup() {
            return () -> {
                try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                        Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
                }
            };
        }
    }
}
