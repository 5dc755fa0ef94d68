package io.sluice.admin.search;

import static io.sluice.admin.Events.event;
import static io.sluice.admin.Events.withTemplate;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.admin.AdminApplication;
import io.sluice.admin.TestDatabase;
import io.sluice.common.event.Timestamps;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.write.ArchiveEntry;
import io.sluice.logstore.write.ArchiveSink;
import io.sluice.platform.tenant.ApiKeyFormat;
import io.sluice.platform.tenant.TenantAdmin;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The search API against a real MariaDB holding known events of two tenants: each key only ever
 * sees its own tenant's events; no key, an unknown key or a key used for another tenant is refused.
 */
@SpringBootTest(classes = AdminApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchApiTest {

    private static final TestDatabase DATABASE = new TestDatabase();
    private static final Instant NOW = Instant.now();
    private static final int BULK = 150;
    private static final String KEY = ApiKeyFormat.generate();
    private static final String PREFIX = "test:" + UUID.randomUUID() + ":";

    /** The newest event, with a nanosecond fraction, attributes and fields. */
    private static final ArchivedEvent TIMEOUT = withTemplate(event("default", Timestamps.toNanos(NOW.minus(Duration.ofMinutes(5))) / 1_000_000_000L * 1_000_000_000L + 123_456_789L,
            "checkout", "host-a", "ERROR", "payment timeout after 30s", "{\"order\":\"o-1\",\"amount\":12.5,\"tags\":[\"eu\"]}", "{\"latency_ms\":30000}"), 42L);
    private static final ArchivedEvent ACCEPTED = event("default", NOW.minus(Duration.ofMinutes(10)), "checkout", "host-b", "INFO", "payment accepted");
    private static final ArchivedEvent SLOW = event("default", NOW.minus(Duration.ofMinutes(20)), "search", "host-a", "WARN", "slow query: 1200 ms");
    private static final ArchivedEvent RETRY = event("default", NOW.minus(Duration.ofMinutes(30)), "search", "host-c", "INFO", "timeout retry scheduled");
    private static final ArchivedEvent OLD = event("default", NOW.minus(Duration.ofHours(2)), "checkout", "host-a", "ERROR", "payment timeout retry");
    private static final ArchivedEvent OTHER_TENANT = event("other", NOW.minus(Duration.ofMinutes(1)), "checkout", "host-a", "ERROR", "payment timeout elsewhere");

    @Autowired
    ArchiveSink writer;

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
    void writeKnownEvents() {
        List<ArchivedEvent> events = new ArrayList<>(List.of(TIMEOUT, ACCEPTED, SLOW, RETRY, OLD, OTHER_TENANT));
        for (int i = 0; i < BULK; i++) {
            events.add(event("default", NOW.minus(Duration.ofMinutes(40)).plusMillis(i), "bulk", "host-d", "DEBUG", "bulk line " + i));
        }
        assertThat(writer.write(List.of(new ArchiveEntry("search-api-test", events))).block(Duration.ofSeconds(30))).isEqualTo(events.size());
        client = anonymous().mutate().defaultHeader("Authorization", "Bearer " + KEY).build();
    }

    @AfterAll
    void dropDatabase() {
        DATABASE.drop();
    }

    @Test
    void withoutParametersItReturnsTheLastHourOfTheTenantNewestFirstUpToTheDefaultLimit() {
        JsonNode body = search("");

        assertThat(body.get("total").asLong()).isEqualTo(4 + BULK);
        List<JsonNode> events = body.get("events").valueStream().toList();
        assertThat(events).hasSize(100);
        assertThat(events.get(0).get("id").asString()).isEqualTo(TIMEOUT.id());
        assertThat(events.stream().map(e -> e.get("timestampNanos").asLong()).toList())
                .isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(events.stream().map(e -> e.get("tenant").asString())).containsOnly("default");
        assertThat(events.stream().map(e -> e.get("id").asString())).doesNotContain(OLD.id(), OTHER_TENANT.id());
    }

    @Test
    void eachEventCarriesEveryFieldWithAttributesAndFieldsAsJsonObjects() {
        JsonNode body = search("?query={query}", "{service=\"checkout\"} |= \"timeout\"");

        assertThat(body.get("total").asLong()).isEqualTo(1);
        JsonNode e = body.get("events").get(0);
        assertThat(e.propertyNames()).containsExactly("id", "timestamp", "timestampNanos", "tenant", "service", "host",
                "level", "message", "attributes", "fields", "templateId");
        assertThat(e.get("id").asString()).isEqualTo(TIMEOUT.id());
        assertThat(e.get("templateId").asLong()).isEqualTo(TIMEOUT.templateId());
        assertThat(e.get("timestampNanos").asLong()).isEqualTo(TIMEOUT.timestampNanos());
        assertThat(e.get("timestamp").asString())
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.123456789Z")
                .isEqualTo(Timestamps.fromNanos(TIMEOUT.timestampNanos()).toString());
        assertThat(e.get("service").asString()).isEqualTo("checkout");
        assertThat(e.get("host").asString()).isEqualTo("host-a");
        assertThat(e.get("level").asString()).isEqualTo("ERROR");
        assertThat(e.get("message").asString()).isEqualTo("payment timeout after 30s");
        assertThat(e.get("attributes").isObject()).isTrue();
        assertThat(e.get("attributes").get("order").asString()).isEqualTo("o-1");
        assertThat(e.get("attributes").get("amount").asDouble()).isEqualTo(12.5);
        assertThat(e.get("attributes").get("tags").get(0).asString()).isEqualTo("eu");
        assertThat(e.get("fields").get("latency_ms").asLong()).isEqualTo(30000);
    }

    @Test
    void anEventWithoutAttributesOrFieldsHasEmptyObjects() {
        JsonNode e = search("?query={query}", "{host=\"host-b\"}").get("events").get(0);

        assertThat(e.get("id").asString()).isEqualTo(ACCEPTED.id());
        assertThat(e.get("attributes").isObject()).isTrue();
        assertThat(e.get("attributes").isEmpty()).isTrue();
        assertThat(e.get("fields").isObject()).isTrue();
        assertThat(e.get("fields").isEmpty()).isTrue();
    }

    @Test
    void theLimitCapsTheEventsWhileTheTotalStaysExact() {
        JsonNode body = search("?limit=3");

        assertThat(body.get("events").size()).isEqualTo(3);
        assertThat(body.get("total").asLong()).isEqualTo(4 + BULK);
        assertThat(body.get("events").get(0).get("id").asString()).isEqualTo(TIMEOUT.id());
    }

    @Test
    void theLargestLimitReturnsEveryMatchingEvent() {
        JsonNode body = search("?limit=10000&query={query}", "{service=\"bulk\"}");

        assertThat(body.get("events").size()).isEqualTo(BULK);
        assertThat(body.get("total").asLong()).isEqualTo(BULK);
    }

    @Test
    void anExplicitRangeInEpochMillisecondsAndRfc3339ReachesOlderEvents() {
        long threeHoursAgo = NOW.minus(Duration.ofHours(3)).toEpochMilli();
        JsonNode body = search("?query={query}&from={from}&to={to}", "{service=\"checkout\"}", threeHoursAgo, NOW.plusSeconds(1).toString());

        assertThat(body.get("total").asLong()).isEqualTo(3);
        assertThat(body.get("events").valueStream().map(e -> e.get("id").asString()))
                .containsExactly(TIMEOUT.id(), ACCEPTED.id(), OLD.id());
    }

    @Test
    void relativeTimesAreAccepted() {
        JsonNode body = search("?query={query}&from=now-3h&to=now", "{service=\"checkout\", level=\"ERROR\"}");

        assertThat(body.get("total").asLong()).isEqualTo(2);
    }

    @Test
    void fromIsInclusiveAndToIsExclusiveToTheNanosecond() {
        String at = Timestamps.fromNanos(TIMEOUT.timestampNanos()).toString();
        String justAfter = Timestamps.fromNanos(TIMEOUT.timestampNanos() + 1).toString();

        assertThat(search("?from={from}&to={to}", at, justAfter).get("total").asLong()).isEqualTo(1);
        assertThat(search("?from={from}&to={to}", justAfter, Timestamps.fromNanos(TIMEOUT.timestampNanos() + 2).toString())
                .get("total").asLong()).isZero();
        assertThat(search("?from={from}&to={to}", Timestamps.fromNanos(TIMEOUT.timestampNanos() - 1).toString(), at)
                .get("total").asLong()).isZero();
    }

    @Test
    void anEmptyQueryMeansAllStreams() {
        assertThat(search("?query=").get("total").asLong()).isEqualTo(4 + BULK);
    }

    @Test
    void anUnclosedSelectorIsRejectedWithItsColumn() {
        JsonNode error = badRequest("?query={query}", "{service=\"checkout\"");

        assertThat(error.get("column").asInt()).isEqualTo(20);
        assertThat(error.get("error").asString()).contains("unclosed stream selector").contains("column 20");
    }

    @Test
    void aLabelNoStreamHasSelectsNothing() {
        assertThat(search("?query={query}", "{app=\"x\"}").get("total").asLong()).isZero();
    }

    @Test
    void logQlPipelinesSelectByExtractedAndStoredFields() {
        JsonNode body = search("?query={query}", "{service=\"checkout\"} | latency_ms > 1000");
        assertThat(body.get("total").asLong()).isEqualTo(1);
        assertThat(body.get("events").get(0).get("id").asString()).isEqualTo(TIMEOUT.id());
    }

    @Test
    void aBrokenRegularExpressionIsRejectedWithItsColumn() {
        JsonNode error = badRequest("?query={query}", "{} |~ \"(unclosed\"");

        assertThat(error.get("column").asInt()).isEqualTo(7);
        assertThat(error.get("error").asString()).contains("invalid regular expression");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "?limit=0                                    | invalid 'limit': must be a whole number from 1 to 10000, got '0'",
        "?limit=10001                                | invalid 'limit': must be a whole number from 1 to 10000, got '10001'",
        "?limit=-5                                   | invalid 'limit'",
        "?limit=many                                 | invalid 'limit'",
        "?limit=99999999999999999999                 | invalid 'limit'",
        "?from=yesterday                             | invalid 'from': 'yesterday' is not RFC 3339",
        "?to=2026-13-45T99:00:00Z                    | invalid 'to'",
        "?from=999999999999999                       | invalid 'from'",
        "?from=99999999999999999999999               | invalid 'from'",
        "?from=now-999999999w                        | invalid 'from'",
        "?from=now-1h&to=now-2h                      | 'from' (now-1h) is after 'to' (now-2h)",
        "?from=2026-11-24T12:00:00Z&to=1764000000000 | is after"
    })
    void badParametersGet400WithAMessageNamingTheProblem(String parameters, String expected) {
        JsonNode error = client.get().uri("/api/v1/search" + parameters).exchange()
                .expectStatus().isBadRequest()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(error.get("error").asString()).contains(expected);
        assertThat(error.has("column")).isFalse();
    }

    @Test
    void theServerStaysUpAfterBadInput() {
        badRequest("?query={query}", "{{{");
        assertThat(search("?limit=1").get("events").size()).isEqualTo(1);
    }

    @Test
    void withoutAValidKeyTheApiAnswers401WithABearerChallenge() {
        anonymous().get().uri("/api/v1/search").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"sluice\"")
                .expectBody().jsonPath("$.error").value(m -> assertThat((String) m).startsWith("no API key"));
        anonymous().get().uri("/api/v1/search").header("Authorization", "Bearer " + ApiKeyFormat.generate()).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isEqualTo("the API key is not valid (unknown or revoked)");
    }

    @Test
    void aKeySeesOnlyItsOwnTenantsEventsAndCannotNameAnotherTenant() {
        String otherKey = tenants.createTenant("other", null).then(tenants.createKey("other", "test")).block().key();
        JsonNode body = anonymous().get().uri("/api/v1/search?query={query}", "{service=\"checkout\"}")
                .header("Authorization", "Bearer " + otherKey).exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(body.get("total").asLong()).isEqualTo(1);
        assertThat(body.get("events").get(0).get("message").asString()).isEqualTo("payment timeout elsewhere");

        client.get().uri("/api/v1/search").header("X-Sluice-Tenant", "other").exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.error").isEqualTo("key belongs to another tenant");
    }

    private WebTestClient anonymous() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60)).build();
    }

    private JsonNode search(String parameters, Object... values) {
        return client.get().uri("/api/v1/search" + parameters, values).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("application/json")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode badRequest(String parameters, Object... values) {
        return client.get().uri("/api/v1/search" + parameters, values).exchange()
                .expectStatus().isBadRequest()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
