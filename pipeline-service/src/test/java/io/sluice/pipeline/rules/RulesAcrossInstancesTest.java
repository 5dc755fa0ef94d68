package io.sluice.pipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.common.event.EventIds;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.pipeline.PipelineApplication;
import io.sluice.pipeline.stage.PipelineEvent;
import io.sluice.pipeline.support.PipelineContext;
import io.sluice.pipeline.support.TestDatabase;
import io.sluice.pipeline.support.TestRedis;
import io.sluice.platform.stream.GroupConsumer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two pipeline instances on the real Redis and MariaDB: A serves the rules API (its consumer
 * stopped, so every buffer entry is processed by B), B processes the buffer. Rules created through
 * A must govern what B archives, within 2 s, without a restart.
 */
class RulesAcrossInstancesTest {

    static final String KEY = "slk_rulesTestKey" + UUID.randomUUID().toString().replace("-", "");
    static final String TENANT = "rules-acme";
    static final long T0 = 1_764_000_000_000_000_000L;
    static final JsonMapper JSON = JsonMapper.builder().build();

    static TestRedis redis;
    static TestDatabase database;
    static ConfigurableApplicationContext instanceA;
    static PipelineContext instanceB;
    static WebTestClient http;

    @BeforeAll
    static void start() {
        redis = new TestRedis();
        database = new TestDatabase();
        Map<String, String> common = Map.of(
                "sluice.tenancy.bootstrap-api-key", KEY,
                "sluice.tenancy.bootstrap-tenant", TENANT,
                "sluice.pipeline.rules.check-interval", "1h");
        SpringApplication app = new SpringApplication(PipelineApplication.class);
        Map<String, Object> defaults = new HashMap<>();
        defaults.put("server.port", "0");
        defaults.put("sluice.redis.url", TestRedis.URL);
        defaults.put("sluice.redis.key-prefix", redis.prefix());
        defaults.put("sluice.mysql.url", database.url());
        defaults.put("sluice.pipeline.consumer-name", "rules-a");
        defaults.putAll(common);
        app.setDefaultProperties(defaults);
        instanceA = app.run();
        instanceA.getBean(GroupConsumer.class).stop();
        Map<String, String> b = new HashMap<>(common);
        b.put("sluice.pipeline.consumer-name", "rules-b");
        instanceB = new PipelineContext(redis, database, b);
        int port = ((WebServerApplicationContext) instanceA).getWebServer().getPort();
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60))
                .defaultHeader("Authorization", "Bearer " + KEY).build();
    }

    @AfterAll
    static void stop() {
        instanceB.close();
        instanceA.close();
        redis.close();
        database.drop();
    }

    static LogEvent event(String service, String level, String message) {
        return LogEvent.newBuilder().setId(EventIds.next()).setTenant(TENANT).setTimestampUnixNanos(T0)
                .setService(service).setHost("pod-1").setLevel(level).setMessage(message).build();
    }

    static List<ArchivedEvent> archivedOf(String service) {
        return database.archived(TENANT).stream().filter(e -> e.service().equals(service)).toList();
    }

    static List<String> archivedMessages(String service) {
        return archivedOf(service).stream().map(ArchivedEvent::message).sorted().toList();
    }

    static long archived(String service) {
        return archivedOf(service).size();
    }

    EntityExchangeResult<PipelineRule> create(Map<String, Object> body) {
        return http.post().uri("/api/v1/pipeline/rules").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated().expectBody(PipelineRule.class).returnResult();
    }

    /** Waits (at most 2 s) until instance B applies version {@code version} of the tenant's rules; returns how long it took. */
    static Duration awaitOnB(long version) {
        long start = System.nanoTime();
        RuleSnapshots b = instanceB.bean(RuleSnapshots.class);
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10)).until(() -> b.version(TENANT) >= version);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static long version(EntityExchangeResult<?> r) {
        return Long.parseLong(r.getResponseHeaders().getFirst(RuleController.VERSION_HEADER));
    }

    @Test
    void aDropRuleCreatedOnInstanceAGovernsWhatInstanceBArchivesWithinTwoSeconds() {
        EntityExchangeResult<PipelineRule> created = create(Map.of("name", "no healthchecks",
                "match", "{service=\"hr-checkout\", level=~\"DEBUG|TRACE\"} |= \"healthcheck\"", "action", "drop"));
        Duration took = awaitOnB(version(created));
        System.out.println("rule change reached instance B in " + took.toMillis() + " ms");

        redis.addBatch(List.of(event("hr-checkout", "DEBUG", "GET /healthcheck 200"), event("hr-checkout", "INFO", "GET /healthcheck 200"),
                event("hr-checkout", "DEBUG", "GET /cart 200"), event("hr-checkout", "TRACE", "healthcheck ok")));
        await().atMost(Duration.ofSeconds(60)).until(() -> archived("hr-checkout") == 2 && redis.pending("pipeline") == 0);
        assertThat(archivedMessages("hr-checkout")).containsExactly("GET /cart 200", "GET /healthcheck 200");
    }

    @Test
    void maskAddAndRenameRulesShapeTheArchivedMessageAndFields() {
        long v = 0;
        v = Math.max(v, version(create(Map.of("name", "pii", "match", "{service=\"hr-pay\"}", "action", "mask",
                "masks", List.of("email", "card", "token"), "pattern", "order-(\\d+)", "replacement", "order-#"))));
        v = Math.max(v, version(create(Map.of("name", "team", "match", "{service=\"hr-pay\"}", "action", "add_fields",
                "fields", Map.of("team", "payments")))));
        v = Math.max(v, version(create(Map.of("name", "user", "match", "{service=\"hr-pay\"}", "action", "rename_field",
                "from", "usr", "to", "user"))));
        awaitOnB(v);

        LogEvent e = event("hr-pay", "INFO", "{\"usr\": \"ada@example.com\", \"msg\": \"paid 4111 1111 1111 1111 for order-123\"}");
        redis.addBatch(List.of(e));
        await().atMost(Duration.ofSeconds(60)).until(() -> archived("hr-pay") == 1);
        String id = e.getId();
        ArchivedEvent stored = database.archivedEvent(TENANT, id);
        assertThat(stored.message()).isEqualTo("{\"usr\": \"<email>\", \"msg\": \"paid <card> for order-#\"}");
        Map<String, Object> fields = JSON.readValue(stored.fieldsJson(), new TypeReference<Map<String, Object>>() { });
        assertThat(fields).containsEntry("user", "<email>").containsEntry("team", "payments")
                .containsEntry("msg", "paid <card> for order-#").doesNotContainKey("usr");
    }

    @Test
    void sampleDecisionsDependOnTheEventIdAloneSoEveryInstanceAndEveryRedeliveryKeepsTheSameEvents() {
        awaitOnB(version(create(Map.of("name", "sample debug", "match", "{service=\"hr-sample\"}", "action", "sample", "keepOneIn", 4))));
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            events.add(event("hr-sample", "DEBUG", "tick " + i));
        }
        List<String> keptByA = instanceA.getBean(RulesStage.class).apply(new ArrayList<>(events.stream().map(PipelineEvent::new).toList()))
                .stream().map(PipelineEvent::id).sorted().toList();
        List<String> keptByAAgain = instanceA.getBean(RulesStage.class).apply(new ArrayList<>(events.stream().map(PipelineEvent::new).toList()))
                .stream().map(PipelineEvent::id).sorted().toList();
        assertThat(keptByAAgain).isEqualTo(keptByA);
        assertThat(keptByA.size()).isBetween(60, 140);

        redis.addBatch(events);
        await().atMost(Duration.ofSeconds(60)).until(() -> archived("hr-sample") == keptByA.size());
        await().atMost(Duration.ofSeconds(60)).until(() -> redis.pending("pipeline") == 0);
        assertThat(database.archivedAll().stream().filter(e -> e.service().equals("hr-sample")).map(ArchivedEvent::id))
                .as("instance B archived exactly the events instance A would keep").containsExactlyInAnyOrderElementsOf(keptByA);
    }

    @Test
    void aChangeWhoseMessageWasMissedIsPickedUpByThePeriodicVersionCheck() throws Exception {
        EntityExchangeResult<PipelineRule> created = create(Map.of("name", "route errors", "match", "{service=\"hr-silent\"}",
                "action", "route", "retentionClass", "long"));
        awaitOnB(version(created));
        RuleSnapshots unsubscribed = new RuleSnapshots(instanceB.bean(RuleStore.class));
        unsubscribed.afterPropertiesSet();
        RuleVersionCheck check = new RuleVersionCheck(unsubscribed, Duration.ofMillis(200));
        check.start();
        try {
            long before = unsubscribed.version(TENANT);
            assertThat(unsubscribed.of(TENANT).rules()).extracting(CompiledRule::name).contains("route errors");
            try (Connection c = database.connect(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE pipeline_rule SET enabled = FALSE WHERE id = " + created.getResponseBody().id());
                s.executeUpdate("UPDATE pipeline_rule_set SET version = version + 1 WHERE tenant = '" + TENANT + "'");
            }
            await().atMost(Duration.ofSeconds(2)).until(() -> unsubscribed.version(TENANT) > before);
            assertThat(unsubscribed.of(TENANT).rules()).extracting(CompiledRule::name).doesNotContain("route errors");
        } finally {
            check.stop();
        }
    }

    @Test
    void rulesAreCreatedReadListedReplacedAndDeletedForTheKeysTenantOnly() {
        PipelineRule created = create(Map.of("name", "drop noise", "match", "{service=\"hr-crud\"} |= \"noise\"", "action", "drop",
                "position", 500)).getResponseBody();
        assertThat(created).isEqualTo(new PipelineRule(created.id(), "drop noise", 500, true, "{service=\"hr-crud\"} |= \"noise\"",
                "drop", RuleParams.NONE));

        http.get().uri("/api/v1/pipeline/rules/{id}", created.id()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo("drop noise").jsonPath("$.action").isEqualTo("drop")
                .jsonPath("$.keepOneIn").doesNotExist();
        http.get().uri("/api/v1/pipeline/rules").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.version").isNumber()
                .jsonPath("$.rules[?(@.id == " + created.id() + ")].name").isEqualTo("drop noise");

        EntityExchangeResult<PipelineRule> replaced = http.put().uri("/api/v1/pipeline/rules/{id}", created.id())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "sample noise", "match", "{service=\"hr-crud\"}", "action", "sample", "rate", 0.5,
                        "enabled", false))
                .exchange().expectStatus().isOk().expectBody(PipelineRule.class).returnResult();
        assertThat(replaced.getResponseBody()).isEqualTo(new PipelineRule(created.id(), "sample noise", 500, false,
                "{service=\"hr-crud\"}", "sample", new RuleParams(null, 0.5, null, null, null, null, null, null, null)));
        awaitOnB(version(replaced));
        assertThat(instanceB.bean(RuleSnapshots.class).of(TENANT).rules()).extracting(CompiledRule::id).doesNotContain(created.id());

        http.delete().uri("/api/v1/pipeline/rules/{id}", created.id()).exchange().expectStatus().isNoContent();
        http.get().uri("/api/v1/pipeline/rules/{id}", created.id()).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("no pipeline rule with id " + created.id());
        http.delete().uri("/api/v1/pipeline/rules/{id}", created.id()).exchange().expectStatus().isNotFound();
        http.put().uri("/api/v1/pipeline/rules/{id}", 987654321).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "x", "match", "{}", "action", "drop")).exchange().expectStatus().isNotFound();
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + ((WebServerApplicationContext) instanceA).getWebServer().getPort())
                .build().get().uri("/api/v1/pipeline/rules").exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/v1/pipeline/rules").header("X-Sluice-Tenant", "someone-else").exchange().expectStatus().isForbidden();
    }

    @Test
    void invalidRulesGet400WithAMessagePerField() {
        http.post().uri("/api/v1/pipeline/rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "bad", "match", "{service=\"a\" level=\"b\"}", "action", "explode"))
                .exchange().expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error").isEqualTo("invalid pipeline rule")
                .jsonPath("$.fields.match").value(m -> assertThat((String) m).contains("at column 14"))
                .jsonPath("$.fields.action").value(m -> assertThat((String) m).contains("unknown action 'explode'"));
        http.post().uri("/api/v1/pipeline/rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "bad", "match", "{}", "action", "mask", "pattern", "(unclosed"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields.pattern").value(m -> assertThat((String) m).startsWith("invalid regex"));
        http.post().uri("/api/v1/pipeline/rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "bad", "match", "{}", "action", "sample", "rate", 2))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields.rate").value(m -> assertThat((String) m).contains("out of range"));
        http.post().uri("/api/v1/pipeline/rules").contentType(MediaType.APPLICATION_JSON).bodyValue("{not json")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").exists();
        assertThat(database.queryLong("SELECT COUNT(*) FROM pipeline_rule WHERE name = 'bad'")).isZero();
    }

    @Test
    void theTestEndpointShowsWhatEachSampleLineBecomes() {
        http.post().uri("/api/v1/pipeline/rules/test").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "rules", List.of(
                                Map.of("name", "no health", "match", "{} |= \"/health\"", "action", "drop"),
                                Map.of("name", "pii", "match", "{}", "action", "mask", "masks", List.of("email")),
                                Map.of("name", "audit", "match", "{level=\"ERROR\"}", "action", "route", "retentionClass", "audit")),
                        "lines", List.of(
                                Map.of("message", "GET /health 200"),
                                Map.of("level", "ERROR", "message", "mail to ada@example.com bounced", "fields",
                                        Map.of("to", "ada@example.com")))))
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.results[0].kept").isEqualTo(false)
                .jsonPath("$.results[0].droppedBy").isEqualTo("no health")
                .jsonPath("$.results[1].kept").isEqualTo(true)
                .jsonPath("$.results[1].message").isEqualTo("mail to <email> bounced")
                .jsonPath("$.results[1].fields.to").isEqualTo("<email>")
                .jsonPath("$.results[1].retentionClass").isEqualTo("audit")
                .jsonPath("$.results[1].appliedRules[0]").isEqualTo("pii")
                .jsonPath("$.results[1].appliedRules[1]").isEqualTo("audit");
        http.post().uri("/api/v1/pipeline/rules/test").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("rules", List.of(Map.of("name", "x", "match", "{", "action", "drop")), "lines", List.of(Map.of("message", "m"))))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields['rules[0].match']").exists();
    }

    @Test
    void routeRulesSetTheRetentionClassInTheStageOfInstanceB() {
        awaitOnB(version(create(Map.of("name", "keep errors long", "match", "{service=\"hr-route\", level=\"ERROR\"}", "action", "route",
                "retentionClass", "audit"))));
        PipelineEvent error = new PipelineEvent(event("hr-route", "ERROR", "boom"));
        PipelineEvent info = new PipelineEvent(event("hr-route", "INFO", "fine"));
        assertThat(instanceB.bean(RulesStage.class).apply(new ArrayList<>(List.of(error, info)))).containsExactly(error, info);
        assertThat(error.retentionClass()).isEqualTo("audit");
        assertThat(info.retentionClass()).isEmpty();
    }
}
