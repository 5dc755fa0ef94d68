package io.sluice.ingest.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.sluice.common.event.Timestamps;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.support.RunningIngest;
import io.sluice.ingest.tcp.ListenerMetrics.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.logstash.logback.appender.LogstashTcpSocketAppender;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Must-show 1 for JSON lines: logstash-logback-encoder's {@code LogstashTcpSocketAppender} with a
 * {@code LogstashEncoder}, configured as a user would in a Logback context of the test JVM, sends
 * to a running ingest-service; the buffer holds the events with the right service, host, level,
 * message, attributes (logger, thread, MDC, custom fields, stack trace) and tenant.
 */
class LogstashTcpAppenderClientTest {

    private static final String BOUND = "json-bound";
    private static final String KEYED = "json-keyed";
    private static final String KEY = "key-" + UUID.randomUUID();
    private static RunningIngest ingest;
    private static int port;

    @BeforeAll
    static void start() {
        ingest = RunningIngest.start(Map.of(
                "sluice.ingest.json-tcp.tenant", BOUND,
                "sluice.tenancy.bootstrap-tenant", KEYED,
                "sluice.tenancy.bootstrap-api-key", KEY));
        port = ingest.context().getBean("jsonTcpListener", TcpListener.class).port();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        ingest.close();
    }

    @BeforeEach
    void emptyTheBuffer() {
        ingest.clearKeys();
    }

    @Test
    void storesWhatTheAppenderSendsWithServiceHostLevelAndAttributes() {
        long before = Timestamps.toNanos(Instant.now());
        try (Appender appender = new Appender("{\"app\":\"shop\",\"region\":\"eu\"}")) {
            appender.context.getMDCAdapter().put("orderId", "A-42");
            appender.logger.info("order {} placed", "A-42");
            appender.context.getMDCAdapter().clear();
            appender.logger.warn("stock low");
            appender.logger.error("payment failed", new IllegalStateException("card declined"));
            appender.logger.debug("details");
        }

        List<String> sent = List.of("order A-42 placed", "stock low", "payment failed", "details");
        List<LogEvent> stored = awaitEvents(4);
        assertThat(stored).extracting(LogEvent::getMessage).containsExactlyInAnyOrderElementsOf(sent);
        // ERROR goes to the tenant's priority stream, so the buffer holds it apart: compare in the order sent.
        List<LogEvent> events = stored.stream().sorted(Comparator.comparingInt(e -> sent.indexOf(e.getMessage()))).toList();
        assertThat(events).extracting(LogEvent::getLevel).containsExactly("INFO", "WARN", "ERROR", "DEBUG");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.getService()).isEqualTo("shop");
            assertThat(event.getHost()).isEqualTo("web-7");
            assertThat(event.getTenant()).isEqualTo(BOUND);
            assertThat(event.getTimestampUnixNanos()).isBetween(before - 1_000_000, Timestamps.toNanos(Instant.now()));
            assertThat(event.getAttributesJson()).contains("\"logger_name\":\"shop.Checkout\"", "\"thread_name\":\"",
                    "\"region\":\"eu\"").doesNotContain("@version", "level_value", "HOSTNAME", "\"app\"");
        });
        assertThat(events.get(0).getAttributesJson()).contains("\"orderId\":\"A-42\"");
        assertThat(events.get(1).getAttributesJson()).doesNotContain("orderId");
        assertThat(events.get(2).getAttributesJson()).contains("\"exception.stacktrace\":\"java.lang.IllegalStateException: card declined");
    }

    @Test
    void anApiKeyFieldChoosesItsTenantAndIsNotStored() {
        try (Appender appender = new Appender("{\"service\":\"billing\",\"api_key\":\"" + KEY + "\"}")) {
            appender.logger.info("with a key");
        }

        LogEvent event = awaitEvents(1).get(0);
        assertThat(event.getTenant()).isEqualTo(KEYED);
        assertThat(event.getService()).isEqualTo("billing");
        assertThat(event.getAttributesJson()).doesNotContain(KEY).doesNotContain("api_key");
    }

    @Test
    void aWrongApiKeyStoresNothingAndIsCounted() {
        TcpListener listener = ingest.context().getBean("jsonTcpListener", TcpListener.class);
        long before = listener.metrics().droppedCount(Reason.UNAUTHENTICATED);
        try (Appender wrong = new Appender("{\"service\":\"intruder\",\"api_key\":\"wrong\"}")) {
            wrong.logger.info("not stored");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> listener.metrics().droppedCount(Reason.UNAUTHENTICATED) == before + 1);
        assertThat(ingest.storedEvents()).isEmpty();
    }

    private static List<LogEvent> awaitEvents(int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> ingest.storedEvents().size() >= count);
        List<LogEvent> events = ingest.storedEvents();
        assertThat(events).hasSize(count);
        return events;
    }

    /** A Logback context of its own with a LogstashTcpSocketAppender, as an application configures it. */
    private static final class Appender implements AutoCloseable {

        final LoggerContext context = new LoggerContext();
        final Logger logger;
        private final LogstashTcpSocketAppender appender = new LogstashTcpSocketAppender();

        Appender(String customFields) {
            context.setName("client-" + UUID.randomUUID());
            context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
            context.putProperty("HOSTNAME", "web-7");
            ch.qos.logback.core.status.OnConsoleStatusListener status = new ch.qos.logback.core.status.OnConsoleStatusListener();
            status.setContext(context);
            status.start();
            context.getStatusManager().add(status);
            LogstashEncoder encoder = new LogstashEncoder();
            encoder.setContext(context);
            encoder.setCustomFields(customFields);
            encoder.start();
            appender.setContext(context);
            appender.setName("logstash");
            appender.addDestination("127.0.0.1:" + port);
            appender.setEncoder(encoder);
            appender.start();
            logger = context.getLogger("shop.Checkout");
            logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
            logger.setAdditive(false);
            logger.addAppender(appender);
        }

        /** Stopping the appender sends what it still holds (its shutdown grace period). */
        @Override
        public void close() {
            appender.stop();
            context.stop();
        }
    }
}
