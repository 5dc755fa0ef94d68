package io.sluice.agent.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sluice.agent.logback.SluiceAppender;
import io.sluice.agent.testing.IngestTestServer;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/** A real SpringApplication start, which resets Logback on the way: the appender must survive it. */
class SluiceAgentStartupTest {

    private static IngestTestServer server;

    @BeforeAll
    static void startServer() {
        server = IngestTestServer.start();
    }

    private static final java.nio.file.Path SPOOL_DIR = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
            "sluice-agent-test-" + java.util.UUID.randomUUID());

    @AfterAll
    static void stopServer() throws java.io.IOException {
        org.springframework.util.FileSystemUtils.deleteRecursively(SPOOL_DIR);
        server.close();
    }

    private static Logger root() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
    }

    private static SpringApplicationBuilder app(Class<?> source, String name) {
        return new SpringApplicationBuilder(source)
                .web(WebApplicationType.NONE)
                .properties("spring.application.name=" + name, "sluice.agent.endpoint=" + server.target(),
                        "sluice.agent.linger=10ms", "sluice.agent.spool.dir=" + SPOOL_DIR);
    }

    @Test
    void appenderSurvivesBootsLogbackResetAndShipsStartupAndApplicationLogs() {
        ListAppender<ILoggingEvent> early = new ListAppender<>();
        early.setName("EARLY");
        early.setContext(root().getLoggerContext());
        early.start();
        root().addAppender(early);

        try (ConfigurableApplicationContext context = app(TestApp.class, "startup-app").run()) {
            assertThat(root().getAppender("EARLY")).as("Boot reset Logback").isNull();
            assertThat(root().getAppender("SLUICE")).isInstanceOf(SluiceAppender.class)
                    .extracting(a -> a.isStarted()).isEqualTo(true);
            SluiceAgentInstallation installation = context.getBean(SluiceAgentInstallation.class);
            assertThat(installation.isAttached()).isTrue();
            assertThat(context.getBeansOfType(SluiceAgentInstallation.class)).hasSize(1);

            LoggerFactory.getLogger("com.example.Orders").warn("order 17 is late");
            assertThat(installation.agent().flush(Duration.ofSeconds(10))).isTrue();

            assertThat(server.events()).filteredOn(e -> e.getService().equals("startup-app"))
                    .extracting(LogEvent::getMessage)
                    .anyMatch(m -> m.startsWith("Started "))
                    .contains("order 17 is late");
        }
        assertThat(root().getAppender("SLUICE")).as("detached when the context closed").isNull();
    }

    @Test
    void closingTheContextSendsWhatIsStillQueued() {
        SluiceAgentInstallation installation;
        try (ConfigurableApplicationContext context = app(TestApp.class, "closing-app")
                .properties("sluice.agent.linger=1m", "sluice.agent.batch-size=10000").run()) {
            installation = context.getBean(SluiceAgentInstallation.class);
            for (int i = 0; i < 30; i++) {
                LoggerFactory.getLogger("com.example.Closing").info("last words {}", i);
            }
        }
        assertThat(server.events()).filteredOn(e -> e.getService().equals("closing-app"))
                .extracting(LogEvent::getMessage)
                .filteredOn(m -> m.startsWith("last words"))
                .hasSize(30);
        assertThat(installation.agent().offer(LogEvent.getDefaultInstance())).isFalse();
    }

    @Test
    void installsNothingWhenDisabled() {
        try (ConfigurableApplicationContext context = app(TestApp.class, "disabled-app")
                .properties("sluice.agent.enabled=false").run()) {
            assertThat(root().getAppender("SLUICE")).isNull();
            assertThat(context.getBeansOfType(SluiceAgentInstallation.class)).isEmpty();
        }
    }

    @Test
    void stopsTheAgentWhenStartupFails() {
        assertThatException().isThrownBy(() -> app(FailingApp.class, "failing-app").run());
        assertThat(root().getAppender("SLUICE")).isNull();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @ImportAutoConfiguration(SluiceAgentAutoConfiguration.class)
    static class TestApp {
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @ImportAutoConfiguration(SluiceAgentAutoConfiguration.class)
    static class FailingApp {

        @Bean
        String brokenBean() {
            throw new IllegalStateException("this application cannot start");
        }
    }
}
