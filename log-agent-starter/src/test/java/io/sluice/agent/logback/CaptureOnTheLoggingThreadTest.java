package io.sluice.agent.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.sluice.agent.testing.IngestTestServer;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

/**
 * What the appender must fix on the calling thread, because the agent's thread encodes the event
 * later: a mutable argument's text, the MDC and the thread name as they were at the call.
 */
class CaptureOnTheLoggingThreadTest {

    private final LoggerContext context = new LoggerContext();
    private IngestTestServer server;
    private SluiceAppender appender;

    @TempDir
    Path spoolDir;

    @AfterEach
    void tearDown() {
        appender.stop();
        context.stop();
        server.close();
        MDC.clear();
    }

    private Logger logger() {
        context.setMDCAdapter(MDC.getMDCAdapter());
        server = IngestTestServer.start();
        appender = new SluiceAppender();
        appender.setContext(context);
        appender.setEndpoint(server.target());
        appender.setServiceName("capture");
        appender.setSpoolDir(spoolDir.toString());
        // A long linger: events are encoded well after the calls returned and the values changed.
        appender.setLinger(ch.qos.logback.core.util.Duration.buildBySeconds(30));
        appender.start();
        Logger logger = context.getLogger("com.example.Capture");
        logger.addAppender(appender);
        return logger;
    }

    private List<LogEvent> shipped() {
        assertThat(appender.agent().flush(Duration.ofSeconds(30))).isTrue();
        return server.events();
    }

    @Test
    void aMutableArgumentChangedAfterTheCallIsShippedAsItWasAtTheCall() {
        Logger logger = logger();
        StringBuilder cart = new StringBuilder("apples");
        List<String> items = new ArrayList<>(List.of("pears"));
        logger.info("cart {} items {}", cart, items);
        cart.append(" and plums");
        items.add("figs");

        assertThat(shipped()).extracting(LogEvent::getMessage).containsExactly("cart apples items [pears]");
    }

    @Test
    void immutableArgumentsAreFormattedOnTheAgentThreadWithTheSameText() {
        Logger logger = logger();
        logger.info("user {} bought {} items for {} ({})", "ana", 3, new java.math.BigDecimal("9.90"),
                java.util.concurrent.TimeUnit.SECONDS);
        logger.warn("literal \\{} stays, {} is replaced", "this");

        assertThat(shipped()).extracting(LogEvent::getMessage)
                .containsExactlyInAnyOrder("user ana bought 3 items for 9.90 (SECONDS)", "literal {} stays, this is replaced");
    }

    @Test
    void theMdcAndThreadNameAreThoseOfTheCall() throws Exception {
        Logger logger = logger();
        Thread caller = new Thread(() -> {
            MDC.put("traceId", "t-1");
            logger.info("first");
            MDC.put("traceId", "t-2");
            logger.info("second");
            MDC.clear();
        }, "caller-thread");
        caller.start();
        caller.join();

        List<LogEvent> events = shipped();
        assertThat(events).extracting(LogEvent::getMessage).containsExactly("first", "second");
        assertThat(events.get(0).getAttributesJson()).contains("\"traceId\":\"t-1\"").contains("\"thread\":\"caller-thread\"");
        assertThat(events.get(1).getAttributesJson()).contains("\"traceId\":\"t-2\"");
    }
}
