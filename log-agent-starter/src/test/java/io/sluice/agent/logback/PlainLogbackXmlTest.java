package io.sluice.agent.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import io.sluice.agent.core.AgentConfig;
import io.sluice.agent.testing.IngestTestServer;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The appender declared in a plain logback.xml, without Spring. */
class PlainLogbackXmlTest {

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path spoolDir;

    @Test
    void configuresFromLogbackXmlAndSendsEverythingWhenLogbackStops() throws Exception {
        try (IngestTestServer server = IngestTestServer.start()) {
            server.requireAccess("xml-key", "xml-tenant");
            LoggerContext context = new LoggerContext();
            context.setMDCAdapter(MDC.getMDCAdapter());
            context.putProperty("sluiceTestPort", Integer.toString(server.port()));
            context.putProperty("sluiceTestSpoolDir", spoolDir.toString());
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(getClass().getResource("/logback-plain.xml"));

            SluiceAppender appender = (SluiceAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("SLUICE");
            assertThat(appender.isStarted()).isTrue();
            AgentConfig config = appender.agent().config();
            assertThat(config.endpoint()).isEqualTo("localhost:" + server.port());
            assertThat(config.batchSize()).isEqualTo(50);
            assertThat(config.queueCapacity()).isEqualTo(500);
            assertThat(config.linger()).isEqualTo(Duration.ofSeconds(30));
            assertThat(config.sendTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(config.maxRetryBackoff()).isEqualTo(Duration.ofSeconds(1));
            assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(config.access().apiKey()).isEqualTo("xml-key");
            assertThat(config.access().tenant()).isEqualTo("xml-tenant");
            assertThat(config.maxInFlight()).isEqualTo(2);

            Logger logger = context.getLogger("com.example.Plain");
            for (int i = 0; i < 20; i++) {
                logger.info("plain {}", i);
            }
            logger.debug("below the root level");
            context.stop();

            assertThat(appender.isStarted()).isFalse();
            assertThat(server.events()).hasSize(20).allSatisfy(e -> {
                assertThat(e.getService()).isEqualTo("xml-app");
                assertThat(e.getHost()).isEqualTo("xml-host");
            });
            assertThat(server.events()).extracting(LogEvent::getMessage).first().isEqualTo("plain 0");
        }
    }

    @Test
    void reportsAnUnusableSettingThroughLogbackStatusInsteadOfThrowing() {
        LoggerContext context = new LoggerContext();
        SluiceAppender appender = new SluiceAppender();
        appender.setContext(context);
        appender.setBatchSize(0);
        appender.start();

        assertThat(appender.isStarted()).isFalse();
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .anyMatch(s -> s.getMessage().contains("Sluice appender not started") && s.getMessage().contains("batchSize"));
    }
}
