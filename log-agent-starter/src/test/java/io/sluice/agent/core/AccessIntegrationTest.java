package io.sluice.agent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import io.grpc.TlsServerCredentials;
import io.sluice.agent.testing.IngestTestServer;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API key, tenant and TLS of the agent's calls, against real gRPC servers on local ports. */
class AccessIntegrationTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final List<String> alarms = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T closeable) {
        cleanup.add(closeable);
        return closeable;
    }

    private AgentConfig config(String endpoint, AgentConfig.Access access) {
        return AgentConfig.defaults(endpoint, "svc", "h")
                .withBatching(50, Duration.ofMillis(10))
                .withTimes(Duration.ofSeconds(2), Duration.ofMillis(20), Duration.ofMillis(300), Duration.ofMillis(500))
                .withBreakerOpenDuration(Duration.ofMillis(200))
                .withSpool(AgentConfig.SpoolSettings.in(dir.resolve("spool"), 64L * 1024 * 1024, 1024 * 1024, false))
                .withAccess(access);
    }

    private LogAgent agent(AgentConfig config) {
        AgentDiagnostics diagnostics = new AgentDiagnostics() {
            @Override
            public void warn(String message, Throwable cause) {
                warnings.add(message);
            }

            @Override
            public void alarm(String message, Throwable cause) {
                alarms.add(message);
            }
        };
        return track(new LogAgent(config, GrpcBatchSender.connect(config.endpoints(), config.compression(), config.access(), AgentDiagnostics.NONE),
                SpoolFactory.open(config, diagnostics), (captured, out) -> { }, diagnostics, AgentListener.NONE)).start();
    }

    private static LogEvent event(String level, String message) {
        return LogEvent.newBuilder().setLevel(level).setMessage(message).setService("svc").setHost("h").build();
    }

    @Test
    void everyCallCarriesTheApiKeyAsBearerAndTheTenant() {
        IngestTestServer server = track(IngestTestServer.start());
        server.requireAccess("k-123", "acme");
        LogAgent agent = agent(config(server.target(), new AgentConfig.Access("k-123", "acme", false, null)));
        agent.offer(event("INFO", "hello"));
        assertThat(agent.flush(BOUND)).isTrue();

        assertThat(server.events()).extracting(LogEvent::getMessage).containsExactly("hello");
        assertThat(server.authorizations()).containsOnly("Bearer k-123");
        assertThat(server.tenants()).containsOnly("acme");
    }

    @Test
    void sendsNeitherHeaderWhenNoKeyOrTenantIsSet() {
        IngestTestServer server = track(IngestTestServer.start());
        LogAgent agent = agent(config(server.target(), AgentConfig.Access.NONE));
        agent.offer(event("INFO", "anonymous"));
        assertThat(agent.flush(BOUND)).isTrue();

        assertThat(server.authorizations()).containsOnlyNulls();
        assertThat(server.tenants()).containsOnlyNulls();
    }

    @Test
    void aRefusedKeyKeepsTheBatchesWarnsLoudlyAndDeliversThemOnceTheKeyIsAccepted() {
        IngestTestServer server = track(IngestTestServer.start());
        server.requireAccess("the-right-key", null);
        LogAgent agent = agent(config(server.target(), new AgentConfig.Access("an-old-key", null, false, null)));
        for (int i = 0; i < 200; i++) {
            agent.offer(event(i % 2 == 0 ? "WARN" : "ERROR", "kept " + i));
        }
        await().atMost(BOUND).until(() -> agent.stats().accessRefusals() > 0 && agent.stats().spooledBatches() > 0);
        assertThat(alarms).anySatisfy(m -> assertThat(m).startsWith("API key refused by ingest: UNAUTHENTICATED"));
        assertThat(agent.stats().droppedTotal()).isZero();
        assertThat(server.eventCount()).isZero();

        // The operator registers the agent's key with ingest; the application is not restarted.
        server.requireAccess("an-old-key", null);
        await().atMost(BOUND).until(() -> server.eventCount() >= 200);
        assertThat(server.events()).extracting(LogEvent::getMessage).doesNotHaveDuplicates().hasSize(200);
        assertThat(agent.stats().droppedTotal()).isZero();
    }

    @Test
    void aRefusedTenantIsTreatedLikeARefusedKey() {
        IngestTestServer server = track(IngestTestServer.start());
        server.requireAccess("k", "acme");
        LogAgent agent = agent(config(server.target(), new AgentConfig.Access("k", "other", false, null)));
        agent.offer(event("ERROR", "wrong tenant"));
        await().atMost(BOUND).until(() -> agent.stats().accessRefusals() > 0);
        assertThat(alarms).anySatisfy(m -> assertThat(m).contains("PERMISSION_DENIED").contains("tenant other"));
        assertThat(agent.stats().droppedTotal()).isZero();

        server.requireAccess("k", "other");
        await().atMost(BOUND).until(() -> server.eventCount() == 1);
    }

    @Test
    void talksTlsToAServerWhoseCertificateIsTrustedFromAPemFile() throws Exception {
        KeyManagerFactory keys = selfSignedLocalhost(dir);
        IngestTestServer server = track(IngestTestServer.start(TlsServerCredentials.newBuilder()
                .keyManager(keys.getKeyManagers()).build()));
        server.requireAccess("tls-key", null);
        LogAgent agent = agent(config("localhost:" + server.port(),
                new AgentConfig.Access("tls-key", null, true, dir.resolve("ingest.pem")))
                .withTimes(Duration.ofSeconds(10), Duration.ofMillis(20), Duration.ofMillis(300), Duration.ofMillis(500)));
        agent.offer(event("WARN", "encrypted"));
        assertThat(agent.flush(BOUND)).isTrue();

        // Stored once per idempotency key (a resend after a slow handshake carries the same key).
        assertThat(server.storedBatches().stream().map(b -> b.getIdempotencyKey()).distinct()).hasSize(1);
        assertThat(server.storedBatches().get(0).getEventsList()).extracting(LogEvent::getMessage).containsExactly("encrypted");
    }

    @Test
    void aPlaintextAgentCannotTalkToATlsServerAndKeepsItsBatches() throws Exception {
        KeyManagerFactory keys = selfSignedLocalhost(dir);
        IngestTestServer server = track(IngestTestServer.start(TlsServerCredentials.newBuilder()
                .keyManager(keys.getKeyManagers()).build()));
        LogAgent agent = agent(config("localhost:" + server.port(), AgentConfig.Access.NONE));
        agent.offer(event("ERROR", "not sent in clear"));
        await().atMost(BOUND).until(() -> agent.stats().spooledBatches() > 0);
        assertThat(server.eventCount()).isZero();
        assertThat(agent.stats().droppedTotal()).isZero();
    }

    @Test
    void refusesAMissingTrustCertificateFileWithAClearMessage() {
        AgentConfig.Access access = new AgentConfig.Access(null, null, true, dir.resolve("missing.pem"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> GrpcBatchSender.connect(List.of("localhost:1"), Compression.GZIP, access, AgentDiagnostics.NONE))
                .withMessageContaining("cannot read the TLS trust certificate");
    }

    /** A key pair for CN=localhost made with the JDK's keytool; its certificate is written to {@code ingest.pem}. */
    private static KeyManagerFactory selfSignedLocalhost(Path dir) throws Exception {
        Path store = dir.resolve("ingest.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "ingest", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "ingest", "-keystore", store.toString(), "-storepass", "changeit",
                "-file", dir.resolve("ingest.pem").toString());
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keyStore, "changeit".toCharArray());
        return factory;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
