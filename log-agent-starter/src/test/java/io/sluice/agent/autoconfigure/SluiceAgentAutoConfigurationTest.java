package io.sluice.agent.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.sluice.agent.testing.IngestTestServer;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class SluiceAgentAutoConfigurationTest {

    private static IngestTestServer server;
    private static final java.nio.file.Path SPOOL_DIR = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
            "sluice-agent-test-" + java.util.UUID.randomUUID());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SluiceAgentAutoConfiguration.class))
            .withPropertyValues("sluice.agent.endpoint=" + server.target(), "sluice.agent.linger=10ms",
                    "sluice.agent.spool.dir=" + SPOOL_DIR);

    @BeforeAll
    static void startServer() {
        server = IngestTestServer.start();
    }

    @AfterAll
    static void stopServer() throws java.io.IOException {
        server.close();
        org.springframework.util.FileSystemUtils.deleteRecursively(SPOOL_DIR);
    }

    private static Logger root() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
    }

    @Test
    void installsTheAppenderOnTheRootLoggerShipsEventsAndDetachesItOnClose() {
        runner.withPropertyValues("spring.application.name=runner-app").run(context -> {
            SluiceAgentInstallation installation = context.getBean(SluiceAgentInstallation.class);
            assertThat(installation.isAttached()).isTrue();
            assertThat(root().getAppender("SLUICE")).isSameAs(installation.appender());

            LoggerFactory.getLogger("com.example.Runner").info("from the runner");
            assertThat(installation.agent().flush(Duration.ofSeconds(10))).isTrue();

            assertThat(server.events()).filteredOn(e -> e.getMessage().equals("from the runner"))
                    .singleElement()
                    .extracting(LogEvent::getService).isEqualTo("runner-app");
        });
        assertThat(root().getAppender("SLUICE")).isNull();
    }

    @Test
    void prefersAnExplicitServiceNameAndHost() {
        runner.withPropertyValues("spring.application.name=ignored", "sluice.agent.service-name=billing",
                "sluice.agent.host=node-9").run(context -> {
            var config = context.getBean(SluiceAgentInstallation.class).agent().config();
            assertThat(config.serviceName()).isEqualTo("billing");
            assertThat(config.host()).isEqualTo("node-9");
        });
    }

    @Test
    void passesTheApiKeyTenantTlsAndInFlightLimitToTheAgent() {
        runner.withPropertyValues("sluice.agent.api-key=k-1", "sluice.agent.tenant=acme", "sluice.agent.max-in-flight=2")
                .run(context -> {
                    var config = context.getBean(SluiceAgentInstallation.class).agent().config();
                    assertThat(config.access().apiKey()).isEqualTo("k-1");
                    assertThat(config.access().tenant()).isEqualTo("acme");
                    assertThat(config.access().tls()).isFalse();
                    assertThat(config.maxInFlight()).isEqualTo(2);
                });
    }

    @Test
    void readsTheApiKeyFromTheSluiceAgentApiKeyEnvironmentVariable() {
        runner.withSystemProperties("SLUICE_AGENT_API_KEY=from-env")
                .run(context -> assertThat(context.getBean(SluiceAgentInstallation.class).agent().config().access().apiKey())
                        .isEqualTo("from-env"));
    }

    @Test
    void fallsBackToUnknownWithoutAnApplicationName() {
        runner.run(context -> assertThat(context.getBean(SluiceAgentInstallation.class).agent().config().serviceName())
                .isEqualTo("unknown"));
    }

    @Test
    void attachesOnlyToTheConfiguredLoggers() {
        runner.withPropertyValues("sluice.agent.loggers=com.example.shipped,com.example.also").run(context -> {
            LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
            assertThat(root().getAppender("SLUICE")).isNull();
            assertThat(logback.getLogger("com.example.shipped").getAppender("SLUICE")).isNotNull();
            assertThat(logback.getLogger("com.example.also").getAppender("SLUICE")).isNotNull();
            assertThat(context.getBean(SluiceAgentInstallation.class).isAttached()).isTrue();
        });
    }

    @Test
    void passesTheLimitsToTheAgent() {
        runner.withPropertyValues("sluice.agent.batch-size=7", "sluice.agent.queue-capacity=70", "sluice.agent.send-timeout=3s",
                "sluice.agent.max-retry-backoff=2s", "sluice.agent.shutdown-timeout=1s").run(context -> {
            var config = context.getBean(SluiceAgentInstallation.class).agent().config();
            assertThat(config.batchSize()).isEqualTo(7);
            assertThat(config.linger()).isEqualTo(Duration.ofMillis(10));
            assertThat(config.queueCapacity()).isEqualTo(70);
            assertThat(config.sendTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(config.maxRetryBackoff()).isEqualTo(Duration.ofSeconds(2));
            assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(1));
        });
    }

    @Test
    void installsNothingWhenDisabled() {
        runner.withPropertyValues("sluice.agent.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(SluiceAgentInstallation.class);
            assertThat(context).doesNotHaveBean(SluiceAgentProperties.class);
            assertThat(root().getAppender("SLUICE")).isNull();
        });
    }

    @Test
    void installsNothingWithoutLogbackOnTheClassPath() {
        runner.withClassLoader(new FilteredClassLoader(LoggerContext.class))
                .run(context -> assertThat(context).doesNotHaveBean(SluiceAgentInstallation.class));
    }

    @Test
    void installsNothingWithoutGrpcOnTheClassPath() {
        runner.withClassLoader(new FilteredClassLoader("io.grpc"))
                .run(context -> assertThat(context).doesNotHaveBean(SluiceAgentInstallation.class));
    }

    @Test
    void capturesEarlyUnlessTurnedOff() {
        runner.run(context -> {
            assertThat(context.getBean(SluiceAgentInstallation.class).appender().isEarlyCapturing()).isTrue();
            assertThat(((LoggerContext) LoggerFactory.getILoggerFactory()).getTurboFilterList())
                    .anySatisfy(filter -> assertThat(filter).isInstanceOf(io.sluice.agent.logback.SluiceTurboFilter.class));
        });
        runner.withPropertyValues("sluice.agent.early-capture=false").run(context -> {
            assertThat(context.getBean(SluiceAgentInstallation.class).appender().isEarlyCapturing()).isFalse();
            assertThat(((LoggerContext) LoggerFactory.getILoggerFactory()).getTurboFilterList())
                    .noneSatisfy(filter -> assertThat(filter).isInstanceOf(io.sluice.agent.logback.SluiceTurboFilter.class));
        });
        assertThat(((LoggerContext) LoggerFactory.getILoggerFactory()).getTurboFilterList())
                .noneSatisfy(filter -> assertThat(filter).isInstanceOf(io.sluice.agent.logback.SluiceTurboFilter.class));
    }

    @Test
    void defaultsWorkOutOfTheBox() {
        SluiceAgentProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("sluice.agent", Bindable.of(SluiceAgentProperties.class));

        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.earlyCapture()).isTrue();
        assertThat(defaults.endpoint()).isEqualTo("localhost:4317");
        assertThat(defaults.serviceName()).isNull();
        assertThat(defaults.loggers()).isEqualTo(List.of("ROOT"));
        assertThat(defaults.batchSize()).isEqualTo(500);
        assertThat(defaults.linger()).isEqualTo(Duration.ofMillis(200));
        assertThat(defaults.queueCapacity()).isEqualTo(10_000);
        assertThat(defaults.sendTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.maxRetryBackoff()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.batchBytes()).isEqualTo(org.springframework.util.unit.DataSize.ofMegabytes(1));
        assertThat(defaults.compression()).isEqualTo(io.sluice.agent.core.Compression.ZSTD);
        assertThat(defaults.spool().enabled()).isTrue();
        assertThat(defaults.spool().dir()).isNull();
        assertThat(defaults.spool().maxSize()).isEqualTo(org.springframework.util.unit.DataSize.ofMegabytes(256));
        assertThat(defaults.spool().segmentSize()).isEqualTo(org.springframework.util.unit.DataSize.ofMegabytes(16));
        assertThat(defaults.spool().fsync()).isFalse();
    }

    @Test
    void bindsTheSpoolCompressionAndEndpointListKeys() {
        runner.withPropertyValues("sluice.agent.endpoint=a:1, b:2", "sluice.agent.batch-bytes=64KB",
                "sluice.agent.compression=none", "sluice.agent.spool.max-size=8MB", "sluice.agent.spool.segment-size=1MB",
                "sluice.agent.spool.fsync=true", "spring.application.version=9.9.9").run(context -> {
                    io.sluice.agent.core.AgentConfig config = context.getBean(SluiceAgentInstallation.class).agent().config();
                    assertThat(config.endpoints()).containsExactly("a:1", "b:2");
                    assertThat(config.batchBytes()).isEqualTo(64 * 1024);
                    assertThat(config.compression()).isEqualTo(io.sluice.agent.core.Compression.NONE);
                    assertThat(config.spool().dir()).isEqualTo(SPOOL_DIR);
                    assertThat(config.spool().maxBytes()).isEqualTo(8L * 1024 * 1024);
                    assertThat(config.spool().segmentBytes()).isEqualTo(1024 * 1024);
                    assertThat(config.spool().fsync()).isTrue();
                    assertThat(config.staticAttributes()).containsEntry("service.version", "9.9.9");
                });
    }

    @Test
    void defaultsTheSpoolDirectoryToTheTempDirectoryAndTheServiceName() {
        SluiceAgentProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("sluice.agent", Bindable.of(SluiceAgentProperties.class));
        org.springframework.mock.env.MockEnvironment environment = new org.springframework.mock.env.MockEnvironment()
                .withProperty("spring.application.name", "checkout");

        assertThat(defaults.toAgentConfig(environment).spool().dir())
                .isEqualTo(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "sluice-agent", "checkout"));
    }

    @Test
    void registersTheAgentMetricsWithMicrometer() {
        runner.withBean(io.micrometer.core.instrument.MeterRegistry.class,
                        io.micrometer.core.instrument.simple.SimpleMeterRegistry::new)
                .run(context -> {
                    io.micrometer.core.instrument.MeterRegistry registry = context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
                    context.getBean(SluiceAgentMetrics.class).bindTo(registry);
                    root().warn("metered");
                    assertThat(context.getBean(SluiceAgentInstallation.class).agent().flush(Duration.ofSeconds(10))).isTrue();
                    assertThat(registry.get("sluice.agent.events.queued").functionCounter().count()).isGreaterThanOrEqualTo(1);
                    assertThat(registry.get("sluice.agent.events.sent").functionCounter().count()).isGreaterThanOrEqualTo(1);
                    assertThat(registry.get("sluice.agent.events.dropped").tag("level", "INFO").functionCounter().count()).isZero();
                    assertThat(registry.get("sluice.agent.spool.bytes").gauge().value()).isZero();
                    assertThat(registry.get("sluice.agent.retries").functionCounter().count()).isZero();
                    assertThat(registry.get("sluice.agent.send").tag("outcome", "success").timer().count()).isGreaterThanOrEqualTo(1);
                });
    }
}
