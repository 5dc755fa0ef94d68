package io.sluice.admin.overview;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.admin.ConsoleLogin;
import io.sluice.admin.AdminApplication;
import io.sluice.admin.TestDatabase;
import io.sluice.admin.web.ConsoleHeadersFilter;
import io.sluice.platform.tenant.ApiKeyFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** The overview page and its stats proxy, fed by a real HTTP server answering like analytics. */
@SpringBootTest(classes = AdminApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sluice.tenancy.bootstrap-tenant=acme")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverviewPageTest {

    private static final TestDatabase DATABASE = new TestDatabase();
    private static final StatsServer ANALYTICS = new StatsServer();
    private static final String KEY = ApiKeyFormat.generate();
    private static final String PREFIX = "test:" + UUID.randomUUID() + ":";

    @LocalServerPort
    int port;

    WebTestClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("sluice.mysql.url", DATABASE::url);
        registry.add("sluice.admin.analytics-url", ANALYTICS::url);
        registry.add("sluice.redis.key-prefix", () -> PREFIX);
        registry.add("sluice.tenancy.bootstrap-api-key", () -> KEY);
    }

    @BeforeAll
    void connect() {
        client = ConsoleLogin.signedIn(port, KEY);
    }

    @AfterAll
    void stop() {
        ANALYTICS.close();
        DATABASE.drop();
    }

    @Test
    void theOverviewDrawsOneStackedBarPerMinuteOfTheLastHour() {
        String html = page();

        assertThat(Pattern.compile("<g class=\"bar\">").matcher(html).results().count()).isEqualTo(60);
        assertThat(html).contains("<rect class=\"seg lvl-info\"").contains("<rect class=\"seg lvl-error\"").contains("<rect class=\"seg lvl-warn\"");
        assertThat(html).contains("UTC: 12 events (INFO 9, ERROR 3)</title>").contains("UTC: 1205 events (WARN 1205)</title>");
        assertThat(html).contains("<section class=\"notice warn hidden\" id=\"unavailable\"");
        assertThat(html).contains("<p id=\"unavailable-message\"></p>");
    }

    @Test
    void theOverviewListsTotalsPerLevelAndPerServiceWithSearchLinks() {
        String html = page();

        assertThat(html).contains("<span class=\"kpi-value\">1,217</span>");
        assertThat(html).containsPattern("lvl-warn\">WARN</span></a></td>\\s*<td class=\"num\">1,205</td>\\s*<td class=\"num\">99.0 %</td>");
        assertThat(html).containsPattern(">search</a></td>\\s*<td class=\"num\">1,205</td>");
        assertThat(html).contains("/search?query=%7Bservice%3D%22checkout%22%7D&amp;from=now-1h&amp;to=now");
        assertThat(html.indexOf(">search</a>")).isLessThan(html.indexOf(">checkout</a>"));
    }

    @Test
    void serviceNamesFromAnalyticsAreEscaped() {
        String html = page();

        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;</a>");
        assertThat(html).doesNotContain("<script>alert");
        assertThat(html).contains("<script src=\"/js/overview.js\" defer></script>");
    }

    @Test
    void theConsoleAsksAnalyticsForItsTenantOverTheLastHourInWholeMinutes() {
        page();

        Map<String, List<String>> query = ANALYTICS.lastQuery();
        long from = Long.parseLong(query.get("from").get(0));
        long to = Long.parseLong(query.get("to").get(0));
        assertThat(query.get("tenant")).containsExactly("acme");
        assertThat(ANALYTICS.lastAuthorization()).isEqualTo("Bearer " + KEY);
        assertThat(to - from).isEqualTo(Duration.ofHours(1).toMillis());
        assertThat(to % 60_000).isZero();
        assertThat(to).isGreaterThan(System.currentTimeMillis() - 60_000).isLessThanOrEqualTo(System.currentTimeMillis() + 60_000);
    }

    @Test
    void theStatsProxyHandsTheBrowserAnalyticsAnswer() {
        JsonNode stats = client.get().uri("/console/api/stats").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(stats.get("stepMillis").asLong()).isEqualTo(60_000);
        assertThat(stats.get("to").asLong() - stats.get("from").asLong()).isEqualTo(3_600_000);
        assertThat(stats.get("buckets").size()).isEqualTo(2);
        assertThat(stats.get("buckets").get(0).get("levels").get("ERROR").asLong()).isEqualTo(3);
        assertThat(stats.get("totals").get("events").asLong()).isEqualTo(1217);
        assertThat(stats.get("totals").get("services").get("search").asLong()).isEqualTo(1205);
    }

    @Test
    void theOverviewCarriesTheConsoleSecurityHeaders() {
        client.get().uri("/").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Content-Security-Policy", ConsoleHeadersFilter.POLICY);
    }

    @Test
    void theOverviewScriptIsServed() {
        client.get().uri("/js/overview.js").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(js -> assertThat(js).contains("/console/api/stats").doesNotContain("innerHTML"));
    }

    private String page() {
        return client.get().uri("/").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }
}
