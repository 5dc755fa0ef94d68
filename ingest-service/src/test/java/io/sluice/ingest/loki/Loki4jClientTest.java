package io.sluice.ingest.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.compat.KeyedIngest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;

/**
 * loki4j's Logback appender, configured in logback XML as its documentation shows (basic auth with
 * the API key as password, the tenant as {@code X-Scope-OrgID}), in its JSON and its protobuf
 * mode, against a running ingest-service and the real Redis.
 */
class Loki4jClientTest {

    private static KeyedIngest sluice;

    @BeforeAll
    static void start() {
        sluice = KeyedIngest.start(Map.of());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        sluice.ingest.close();
    }

    @BeforeEach
    void emptyTheBuffer() {
        sluice.ingest.clearKeys();
    }

    @ParameterizedTest(name = "useProtobufApi={0}")
    @ValueSource(booleans = {false, true})
    void deliversLinesWithServiceHostLevelMetadataAndTenant(boolean protobuf) throws JoranException {
        LoggerContext logback = configure("""
                <configuration>
                  <appender name="LOKI" class="com.github.loki4j.logback.Loki4jAppender">
                    <http>
                      <url>%s/loki/api/v1/push</url>
                      <auth><username>anything</username><password>%s</password></auth>
                      <tenantId>%s</tenantId>
                      <useProtobufApi>%s</useProtobufApi>
                    </http>
                    <batch><timeoutMs>200</timeoutMs></batch>
                    <labels>
                      app = orders
                      host = node-7
                      env = staging
                    </labels>
                    <message><pattern>%%msg</pattern></message>
                  </appender>
                  <root level="DEBUG"><appender-ref ref="LOKI"/></root>
                </configuration>
                """.formatted(sluice.http(), sluice.key, sluice.tenant, protobuf));
        Logger log = logback.getLogger("com.example.Orders");
        MDC.put("order_id", "A-17");
        log.warn("stock low for {}", "sku-1");
        MDC.clear();
        log.error("payment declined");
        log.debug("cache refreshed");
        logback.stop();

        await().atMost(Duration.ofSeconds(60)).until(() -> sluice.events().size() >= 3);
        List<String> sent = List.of("stock low for sku-1", "payment declined", "cache refreshed");
        // ERROR goes to the tenant's priority stream, apart from the others: compare in the order sent.
        List<LogEvent> events = sluice.events().stream().sorted(Comparator.comparingInt(e -> sent.indexOf(e.getMessage()))).toList();
        assertThat(events).hasSize(3);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.getTenant()).isEqualTo(sluice.tenant);
            assertThat(event.getService()).isEqualTo("orders");
            assertThat(event.getHost()).isEqualTo("node-7");
        });
        assertThat(events).extracting(LogEvent::getMessage).containsExactly("stock low for sku-1", "payment declined", "cache refreshed");
        assertThat(events).extracting(LogEvent::getLevel).containsExactly("WARN", "ERROR", "DEBUG");
        JsonNode first = KeyedIngest.attributes(events.get(0));
        assertThat(first.get("env").stringValue()).isEqualTo("staging");
        assertThat(first.get("logger").stringValue()).isEqualTo("com.example.Orders");
        assertThat(first.get("order_id").stringValue()).isEqualTo("A-17");
        assertThat(first.has("level")).isFalse();
        assertThat(events.get(0).getTimestampUnixNanos()).isPositive();
    }

    private static LoggerContext configure(String xml) throws JoranException {
        LoggerContext context = new LoggerContext();
        context.setName("loki4j-test");
        // A context made by hand has no MDC adapter; share SLF4J's, as the application's own context does.
        context.setMDCAdapter(MDC.getMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        return context;
    }
}
