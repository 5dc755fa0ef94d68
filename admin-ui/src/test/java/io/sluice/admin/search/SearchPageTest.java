package io.sluice.admin.search;

import static io.sluice.admin.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.admin.ConsoleLogin;
import io.sluice.admin.AdminApplication;
import io.sluice.admin.TestDatabase;
import io.sluice.admin.web.ConsoleHeadersFilter;
import io.sluice.common.event.Timestamps;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.write.ArchiveEntry;
import io.sluice.logstore.write.ArchiveSink;
import io.sluice.platform.tenant.ApiKeyFormat;
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
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The search page, rendered by the running application over a real MariaDB. */
@SpringBootTest(classes = AdminApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchPageTest {

    private static final TestDatabase DATABASE = new TestDatabase();
    private static final String KEY = ApiKeyFormat.generate();
    private static final Instant NOW = Instant.now();

    private static final ArchivedEvent HOSTILE = event("default", Timestamps.toNanos(NOW.minus(Duration.ofMinutes(2))),
            "<b>svc</b>", "host\"><script>alert(2)</script>", "<i>x</i>",
            "<script>alert('x')</script> & \"quoted\" " + "long ".repeat(200),
            "{\"html\":\"<img src=x onerror=alert(1)>\",\"</dt><script>\":\"k\"}", "{\"note\":\"<svg onload=alert(3)>\"}");
    private static final ArchivedEvent ERROR = event("default", NOW.minus(Duration.ofMinutes(3)), "checkout", "host-a", "ERROR", "payment timeout after 30s");
    private static final ArchivedEvent INFO = event("default", NOW.minus(Duration.ofMinutes(4)), "checkout", "host-b", "INFO", "payment accepted");

    @Autowired
    ArchiveSink writer;

    @LocalServerPort
    int port;

    WebTestClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("sluice.mysql.url", DATABASE::url);
        registry.add("sluice.redis.key-prefix", () -> "test:" + UUID.randomUUID() + ":");
        registry.add("sluice.tenancy.bootstrap-api-key", () -> KEY);
    }

    @BeforeAll
    void writeKnownEvents() {
        writer.write(List.of(new ArchiveEntry("search-page-test", List.of(HOSTILE, ERROR, INFO)))).block(Duration.ofSeconds(30));
        client = ConsoleLogin.signedIn(port, KEY);
    }

    @AfterAll
    void dropDatabase() {
        DATABASE.drop();
    }

    @Test
    void aFirstVisitShowsTheLastHourWithTheDefaultsFilledIn() {
        String html = page("/search");

        assertThat(html).contains("name=\"query\"").contains("value=\"{}\"")
                .contains("value=\"now-1h\"").contains("value=\"now\"").contains("value=\"100\"");
        assertThat(html).containsPattern("<strong class=\"total\">3</strong>\\s*<span>matching events</span>");
        assertThat(html).contains("payment timeout after 30s").contains("payment accepted");
        assertThat(html.indexOf("payment timeout after 30s")).isLessThan(html.indexOf("payment accepted"));
    }

    @Test
    void logContentIsEscapedEverywhereItIsRendered() {
        String html = page("/search");

        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;");
        assertThat(html).contains("&lt;b&gt;svc&lt;/b&gt;");
        assertThat(html).contains("host&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;");
        assertThat(html).contains("&lt;img src=x onerror=alert(1)&gt;");
        assertThat(html).contains("&lt;svg onload=alert(3)&gt;");
        assertThat(html).contains("&lt;/dt&gt;&lt;script&gt;");
        assertThat(html).doesNotContain("<script>").doesNotContain("<img").doesNotContain("<svg").doesNotContain("<b>svc");
        assertThat(html).doesNotContainIgnoringCase("<script");
    }

    @Test
    void anUnknownLevelIsShownButNeverBecomesMarkup() {
        String html = page("/search?query={q}", "{service=\"<b>svc</b>\"}");

        assertThat(html).contains("class=\"level lvl-other\">&lt;i&gt;x&lt;/i&gt;</span>");
    }

    @Test
    void consolePagesForbidInlineAndForeignScripts() {
        client.get().uri("/search").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Content-Security-Policy", ConsoleHeadersFilter.POLICY)
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff");
        assertThat(ConsoleHeadersFilter.POLICY).contains("script-src 'self'").doesNotContain("unsafe-inline");
    }

    @Test
    void theSearchApiDoesNotGetThePageHeaders() {
        client.get().uri("/api/v1/search").header("Authorization", "Bearer " + KEY).exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist("Content-Security-Policy");
    }

    @Test
    void theFormIsFilledFromTheUrlSoThatALinkCanBeShared() {
        String html = page("/search?query={q}&from=now-6h&to=now&limit=5", "{level=\"ERROR\"} |= \"timeout\"");

        assertThat(html).contains("value=\"{level=&quot;ERROR&quot;} |= &quot;timeout&quot;\"");
        assertThat(html).contains("value=\"now-6h\"").contains("value=\"5\"");
        assertThat(html).containsPattern("<a href=\"[^\"]*from=now-6h[^\"]*\" class=\"active\">Last 6h</a>");
        assertThat(html).containsPattern("<strong class=\"total\">1</strong>");
        assertThat(html).contains("payment timeout after 30s").doesNotContain("payment accepted");
    }

    @Test
    void aQueryThatDoesNotParseIsShownWithItsColumn() {
        String html = page("/search?query={q}", "{service=checkout}");

        assertThat(html).contains("The query does not parse");
        assertThat(html).contains("expected a quoted string for the value of label &#39;service&#39; but found &#39;checkout&#39; at column 10");
        assertThat(html).contains("<span class=\"caret\">         ^</span>");
        assertThat(html).contains("value=\"{service=checkout}\"").contains("query-input invalid");
        assertThat(html).doesNotContain("class=\"events\"");
    }

    @Test
    void aBadLimitIsShownAsAParameterProblem() {
        String html = page("/search?limit=0");

        assertThat(html).contains("Invalid search parameters")
                .contains("invalid &#39;limit&#39;: must be a whole number from 1 to 10000")
                .contains("limit-input invalid");
    }

    @Test
    void aSearchWithoutMatchesSaysSo() {
        String html = page("/search?query={q}", "{service=\"nothing-here\"}");

        assertThat(html).contains("No events match this query in this time range.");
    }

    @Test
    void theStylesheetIsServedFromTheApplication() {
        client.get().uri("/css/sluice.css").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/css");
    }

    private String page(String uri, Object... values) {
        return client.get().uri(uri, values).accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).returnResult().getResponseBody();
    }
}
