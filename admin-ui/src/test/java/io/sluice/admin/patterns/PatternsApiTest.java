package io.sluice.admin.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.admin.AdminApplication;
import io.sluice.admin.TestDatabase;
import io.sluice.common.event.Timestamps;
import io.sluice.logstore.template.StoredTemplate;
import io.sluice.logstore.template.TemplateAlias;
import io.sluice.logstore.template.TemplateWriter;
import io.sluice.platform.tenant.ApiKeyFormat;
import io.sluice.platform.tenant.TenantAdmin;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The patterns API against a real MariaDB holding known templates of two tenants: JSON shape, order,
 * filters, merged templates folded in and found by their old ids, and tenant scoping by API key.
 */
@SpringBootTest(classes = AdminApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatternsApiTest {

    private static final TestDatabase DATABASE = new TestDatabase();
    private static final String KEY = ApiKeyFormat.generate();
    private static final String PREFIX = "test:" + UUID.randomUUID() + ":";
    private static final long HOUR_AGO = Timestamps.toNanos(Instant.now().minus(Duration.ofHours(1)));
    private static final long DAY_AGO = Timestamps.toNanos(Instant.now().minus(Duration.ofDays(1)));
    /** Above 2^53: must survive JSON as text. */
    private static final long BIG_ID = 9_007_199_254_740_993L;

    @Autowired
    TemplateWriter writer;

    @Autowired
    TenantAdmin tenants;

    @LocalServerPort
    int port;

    WebTestClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("sluice.mysql.url", DATABASE::url);
        registry.add("sluice.redis.key-prefix", () -> PREFIX);
        registry.add("sluice.tenancy.bootstrap-api-key", () -> KEY);
    }

    @BeforeAll
    void storeKnownTemplates() {
        writer.upsert(List.of(
                new StoredTemplate("default", "ssh", BIG_ID, "Invalid user <*> from <*>", 40, HOUR_AGO, HOUR_AGO + 1000),
                new StoredTemplate("default", "ssh", 11, "Invalid user bob from <*>", 2, HOUR_AGO - 5, HOUR_AGO + 50),
                new StoredTemplate("default", "ssh", 12, "session opened for <*>", 25, DAY_AGO, DAY_AGO + 10),
                new StoredTemplate("default", "api", 13, "GET <*> took <*> ms", 30, HOUR_AGO, HOUR_AGO + 2000),
                new StoredTemplate("other", "ssh", 14, "secret template of another tenant", 1000, HOUR_AGO, HOUR_AGO)))
                .then(writer.addAliases(List.of(new TemplateAlias("default", "ssh", 11, BIG_ID))))
                .block(Duration.ofSeconds(30));
        client = anonymous().mutate().defaultHeader("Authorization", "Bearer " + KEY).build();
    }

    @AfterAll
    void dropDatabase() {
        DATABASE.drop();
    }

    @Test
    void listsTheTenantsTemplatesMostFrequentFirstWithMergedOnesFoldedIn() {
        List<JsonNode> patterns = list("").get("patterns").valueStream().toList();

        assertThat(patterns).extracting(p -> p.get("id").asString()).containsExactly(Long.toString(BIG_ID), "13", "12");
        JsonNode top = patterns.get(0);
        assertThat(top.propertyNames()).containsExactly("id", "service", "template", "count", "firstSeen", "lastSeen",
                "firstSeenNanos", "lastSeenNanos", "aliases");
        assertThat(top.get("id").isString()).isTrue();
        assertThat(top.get("service").asString()).isEqualTo("ssh");
        assertThat(top.get("template").asString()).isEqualTo("Invalid user <*> from <*>");
        assertThat(top.get("count").asLong()).isEqualTo(42);
        assertThat(top.get("firstSeenNanos").asLong()).isEqualTo(HOUR_AGO - 5);
        assertThat(top.get("lastSeenNanos").asLong()).isEqualTo(HOUR_AGO + 1000);
        assertThat(top.get("firstSeen").asString()).isEqualTo(Timestamps.fromNanos(HOUR_AGO - 5).toString());
        assertThat(top.get("aliases").valueStream().map(JsonNode::asString)).containsExactly("11");
    }

    @Test
    void filtersByServiceTimeTextAndLimit() {
        assertThat(ids(list("?service=ssh"))).containsExactly(Long.toString(BIG_ID), "12");
        assertThat(ids(list("?from=now-2h"))).containsExactly(Long.toString(BIG_ID), "13");
        assertThat(ids(list("?to=now-2h"))).containsExactly("12");
        assertThat(ids(list("?query=took"))).containsExactly("13");
        assertThat(ids(list("?limit=1"))).containsExactly(Long.toString(BIG_ID));
    }

    @Test
    void oneTemplateIsFoundByItsIdOrByAnIdMergedIntoIt() {
        JsonNode direct = client.get().uri("/api/v1/patterns/" + BIG_ID).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode viaAlias = client.get().uri("/api/v1/patterns/11").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(viaAlias).isEqualTo(direct);
        assertThat(direct.get("count").asLong()).isEqualTo(42);
        client.get().uri("/api/v1/patterns/999").exchange().expectStatus().isNotFound();
        client.get().uri("/api/v1/patterns/14").exchange().expectStatus().isNotFound();
        client.get().uri("/api/v1/patterns/abc").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").value(e -> assertThat((String) e).contains("decimal"));
    }

    @Test
    void badParametersGet400WithAMessage() {
        for (String bad : List.of("?limit=0", "?limit=abc", "?limit=1001", "?from=yesterday", "?from=now-1h&to=now-2h")) {
            client.get().uri("/api/v1/patterns" + bad).exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.error").isNotEmpty();
        }
    }

    @Test
    void eachKeySeesOnlyItsTenantAndMissingKeysAreRefused() {
        anonymous().get().uri("/api/v1/patterns").exchange().expectStatus().isUnauthorized()
                .expectHeader().exists("WWW-Authenticate");
        String otherKey = tenants.createTenant("other", null).then(tenants.createKey("other", "test")).block().key();
        JsonNode other = anonymous().get().uri("/api/v1/patterns").header("Authorization", "Bearer " + otherKey).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(ids(other)).containsExactly("14");
        client.get().uri("/api/v1/patterns").header("X-Sluice-Tenant", "other").exchange().expectStatus().isForbidden();
    }

    private static List<String> ids(JsonNode body) {
        return body.get("patterns").valueStream().map(p -> p.get("id").asString()).toList();
    }

    private JsonNode list(String parameters) {
        return client.get().uri("/api/v1/patterns" + parameters).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("application/json")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private WebTestClient anonymous() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60)).build();
    }
}
