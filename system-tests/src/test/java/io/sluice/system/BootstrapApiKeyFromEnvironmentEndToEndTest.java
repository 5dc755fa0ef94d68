package io.sluice.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.sluice.ingest.IngestApplication;
import io.sluice.platform.tenant.ApiKeyFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap API key can be given as the environment variable {@code SLUICE_BOOTSTRAP_API_KEY}
 * (as {@code run.sh} and docker-compose do) instead of {@code sluice.tenancy.bootstrap-api-key}:
 * ingest runs as a child process with only that variable set, and accepts events sent with that
 * key while refusing another key and no key.
 */
class BootstrapApiKeyFromEnvironmentEndToEndTest {

    private static final String KEY_PREFIX = "h_agente2e_env:" + UUID.randomUUID() + ":";
    private static final String DATABASE = "h_agente2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private static final String API_KEY = ApiKeyFormat.generate();
    private static final int HTTP_PORT = Cluster.freePort();
    private static Process ingest;
    private static Path output;

    @BeforeAll
    static void startIngestWithTheKeyInItsEnvironment() throws IOException {
        output = Files.createTempFile("ingest-env-key", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), IngestApplication.class.getName(),
                "--server.port=" + HTTP_PORT,
                "--spring.grpc.server.enabled=false",
                "--sluice.ingest.syslog.tcp.port=0", "--sluice.ingest.syslog.udp.port=0", "--sluice.ingest.json-tcp.port=0",
                "--sluice.redis.url=redis://127.0.0.1:6379", "--sluice.redis.key-prefix=" + KEY_PREFIX,
                "--sluice.mysql.url=mysql://root@127.0.0.1:3306/" + DATABASE))
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("SLUICE_BOOTSTRAP_API_KEY", API_KEY);
        ingest = builder.start();
    }

    @AfterAll
    static void stopIngest() throws Exception {
        if (ingest != null) {
            ingest.destroyForcibly();
            ingest.waitFor(30, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(output);
        try (var client = RedisClient.create("redis://127.0.0.1:6379"); var conn = client.connect()) {
            ScanIterator.scan(conn.sync(), ScanArgs.Builder.matches(KEY_PREFIX + "*").limit(500))
                    .stream().forEach(key -> conn.sync().del(key));
        }
        try (var c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
        } catch (SQLException ignored) {
            // the database is unique to this run; leaving it behind harms nothing
        }
    }

    @Test
    void ingestAcceptsTheKeyFromItsEnvironmentAndRefusesAnyOther() throws Exception {
        String logs = "http://127.0.0.1:" + HTTP_PORT + "/api/v1/logs";
        Http.Response accepted = await("ingest (child process) up and accepting the environment's key")
                .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> {
                    assertThat(ingest.isAlive()).as("ingest running; output:%n%s", Files.readString(output)).isTrue();
                    return Http.post(logs, "application/x-ndjson", line("from the env key"), API_KEY);
                }, r -> r.status() != 503 && r.status() != 404);

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.json().path("accepted").asInt()).as(accepted.body()).isEqualTo(1);
        assertThat(Http.post(logs, "application/x-ndjson", line("another key"), ApiKeyFormat.generate()).status())
                .as("another key").isEqualTo(401);
        assertThat(Http.post(logs, "application/x-ndjson", line("no key")).status()).as("no key").isEqualTo(401);
        assertThat(Files.readString(output)).as("the key is never logged").doesNotContain(API_KEY);
    }

    private static String line(String message) {
        return "{\"timestamp\":" + System.currentTimeMillis() + ",\"service\":\"env-key\",\"host\":\"h\",\"level\":\"INFO\","
                + "\"message\":\"" + message + "\"}\n";
    }
}
