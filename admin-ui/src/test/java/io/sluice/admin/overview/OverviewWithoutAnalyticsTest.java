package io.sluice.admin.overview;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.admin.ConsoleLogin;
import io.sluice.admin.AdminApplication;
import io.sluice.admin.TestDatabase;
import io.sluice.platform.tenant.ApiKeyFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
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

/** The overview when nothing listens at analytics' address: the page says so instead of failing. */
@SpringBootTest(classes = AdminApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverviewWithoutAnalyticsTest {

    private static final TestDatabase DATABASE = new TestDatabase();
    private static final String NOBODY = "http://127.0.0.1:" + closedPort();
    private static final String KEY = ApiKeyFormat.generate();

    @LocalServerPort
    int port;

    WebTestClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("sluice.mysql.url", DATABASE::url);
        registry.add("sluice.admin.analytics-url", () -> NOBODY);
        registry.add("sluice.redis.key-prefix", () -> "test:" + UUID.randomUUID() + ":");
        registry.add("sluice.tenancy.bootstrap-api-key", () -> KEY);
    }

    @BeforeAll
    void connect() {
        client = ConsoleLogin.signedIn(port, KEY);
    }

    @AfterAll
    void drop() {
        DATABASE.drop();
    }

    @Test
    void theOverviewStillRendersAndSaysAnalyticsIsUnreachable() {
        String html = client.get().uri("/").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(html).contains("Analytics unavailable");
        assertThat(html).contains("Analytics is unreachable at " + NOBODY);
        assertThat(html).contains("<section class=\"notice warn\" id=\"unavailable\"");
        assertThat(html).doesNotContain("<svg").contains("id=\"live-placeholder\"");
        assertThat(html).contains("href=\"/search\"");
    }

    @Test
    void theStatsProxyAnswers502WithAMessage() {
        JsonNode error = client.get().uri("/console/api/stats").exchange()
                .expectStatus().isEqualTo(502)
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(error.get("error").asString()).startsWith("Analytics is unreachable at " + NOBODY);
    }

    @Test
    void searchKeepsWorkingWithoutAnalytics() {
        client.get().uri("/api/v1/search").header("Authorization", "Bearer " + KEY).exchange().expectStatus().isOk();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
