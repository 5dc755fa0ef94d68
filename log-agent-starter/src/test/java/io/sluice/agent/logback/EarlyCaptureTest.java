package io.sluice.agent.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import io.sluice.agent.testing.IngestTestServer;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Early capture ({@link SluiceTurboFilter}) with a real agent and a real gRPC server: calls whose
 * only appender is Sluice's are shipped without reaching the appender, every other call goes
 * through Logback's usual path, and no event is shipped twice or lost.
 */
class EarlyCaptureTest {

    private final LoggerContext context = new LoggerContext();
    private final AtomicInteger appended = new AtomicInteger();
    private IngestTestServer server;
    private SluiceAppender appender;
    private Logger root;

    @TempDir
    Path spoolDir;

    @BeforeEach
    void start() {
        context.setMDCAdapter(MDC.getMDCAdapter());
        server = IngestTestServer.startReadingZstd();
        appender = new SluiceAppender() {
            @Override
            protected void append(ILoggingEvent event) {
                appended.incrementAndGet();
                super.append(event);
            }
        };
        appender.setContext(context);
        appender.setEndpoint(server.target());
        appender.setServiceName("early");
        appender.setSpoolDir(spoolDir.toString());
        appender.start();
        root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        appender.attachmentsChanged();
    }

    @AfterEach
    void tearDown() {
        appender.stop();
        context.stop();
        server.close();
        MDC.clear();
    }

    private List<LogEvent> shipped() {
        assertThat(appender.agent().flush(Duration.ofSeconds(30))).isTrue();
        return server.events();
    }

    private ListAppender<ILoggingEvent> listAppender() {
        ListAppender<ILoggingEvent> list = new ListAppender<>();
        list.setContext(context);
        list.start();
        return list;
    }

    @Test
    void takesCallsWhoseOnlyAppenderIsSluicesWithoutBuildingAnEvent() {
        Logger logger = context.getLogger("com.example.Orders");
        MDC.put("traceId", "t-9");
        IntStream.range(0, 100).forEach(i -> logger.info("order {} of {}", i, "ana"));
        MDC.clear();
        logger.debug("below the level");

        List<LogEvent> events = shipped();
        assertThat(appender.isEarlyCapturing()).isTrue();
        assertThat(appended).hasValue(0);
        assertThat(events).extracting(LogEvent::getMessage)
                .containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(i -> "order " + i + " of ana").toList());
        assertThat(events).allSatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo("INFO");
            assertThat(event.getTimestampUnixNanos()).isPositive();
            assertThat(event.getAttributesJson()).contains("\"traceId\":\"t-9\"").contains("\"logger\":\"com.example.Orders\"")
                    .contains("\"thread\":\"" + Thread.currentThread().getName() + "\"");
        });
    }

    @Test
    void aTrailingThrowableIsTheEventsThrowableAsInLogback() {
        Logger logger = context.getLogger("com.example.Orders");
        logger.error("order {} failed", 7, new IllegalStateException("card declined"));

        List<LogEvent> events = shipped();
        assertThat(appended).hasValue(0);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getMessage()).isEqualTo("order 7 failed" + System.lineSeparator()
                    + "java.lang.IllegalStateException: card declined");
            assertThat(event.getAttributesJson()).contains("\"exception.type\":\"java.lang.IllegalStateException\"")
                    .contains("EarlyCaptureTest");
        });
    }

    @Test
    void anotherAppenderOnTheSameLoggerStillGetsEveryEventAndSluiceShipsEachOnce() {
        ListAppender<ILoggingEvent> console = listAppender();
        context.getLogger("com.example.web").addAppender(console);
        appender.attachmentsChanged();
        Logger web = context.getLogger("com.example.web.Controller");
        Logger orders = context.getLogger("com.example.Orders");

        IntStream.range(0, 50).forEach(i -> {
            web.info("request {}", i);
            orders.info("order {}", i);
        });

        List<LogEvent> events = shipped();
        assertThat(console.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(i -> "request " + i).toList());
        assertThat(appended).hasValue(50);
        assertThat(events).extracting(LogEvent::getMessage).hasSize(100)
                .containsAll(IntStream.range(0, 50).mapToObj(i -> "request " + i).toList())
                .containsAll(IntStream.range(0, 50).mapToObj(i -> "order " + i).toList())
                .doesNotHaveDuplicates();
    }

    @Test
    void aNonAdditiveLoggerWithItsOwnAppenderKeepsItsEventsFromSluice() {
        ListAppender<ILoggingEvent> audit = listAppender();
        Logger auditLogger = context.getLogger("com.example.audit");
        auditLogger.setAdditive(false);
        auditLogger.addAppender(audit);
        appender.attachmentsChanged();

        context.getLogger("com.example.audit.Trail").info("private");
        context.getLogger("com.example.Orders").info("public");

        assertThat(shipped()).extracting(LogEvent::getMessage).containsExactly("public");
        assertThat(audit.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("private");
    }

    @Test
    void enabledQueriesAndLevelsAnswerAsWithoutIt() {
        Logger logger = context.getLogger("com.example.Orders");
        logger.setLevel(Level.WARN);

        assertThat(logger.isInfoEnabled()).isFalse();
        assertThat(logger.isWarnEnabled()).isTrue();
        assertThat(logger.isErrorEnabled()).isTrue();
        logger.info("filtered out");
        logger.warn("kept");

        assertThat(shipped()).extracting(LogEvent::getMessage).containsExactly("kept");
    }

    @Test
    void aLaterTurboFilterAndTheAppendersOwnFilterStillHaveTheirSay() {
        TurboFilter secrets = new TurboFilter() {
            @Override
            public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
                return format != null && format.contains("secret") ? FilterReply.DENY : FilterReply.NEUTRAL;
            }
        };
        secrets.start();
        context.addTurboFilter(secrets);
        ThresholdFilter warnAndUp = new ThresholdFilter();
        warnAndUp.setLevel("WARN");
        warnAndUp.start();
        appender.addFilter(warnAndUp);
        appender.attachmentsChanged();
        Logger logger = context.getLogger("com.example.Orders");

        logger.warn("a secret");
        logger.info("too low for the appender");
        logger.warn("shipped");

        assertThat(shipped()).extracting(LogEvent::getMessage).containsExactly("shipped");
        assertThat(appended).hasValue(1);
    }

    @Test
    void anAppenderAttachedLaterGetsEventsOnceAttachmentsChanged() {
        Logger logger = context.getLogger("com.example.Orders");
        logger.info("before");
        ListAppender<ILoggingEvent> late = listAppender();
        root.addAppender(late);
        appender.attachmentsChanged();
        logger.info("after");

        assertThat(late.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("after");
        assertThat(shipped()).extracting(LogEvent::getMessage).containsExactly("before", "after");
    }

    @Test
    void stoppingTheAppenderRemovesTheFilter() {
        appender.stop();

        assertThat(context.getTurboFilterList()).isEmpty();
        assertThat(appender.isEarlyCapturing()).isFalse();
    }

    @Test
    void withEarlyCaptureOffEveryCallGoesThroughTheAppender() {
        appender.stop();
        appender.setEarlyCapture(false);
        appender.start();
        Logger logger = context.getLogger("com.example.Orders");

        logger.info("one");
        logger.info("two");

        assertThat(context.getTurboFilterList()).isEmpty();
        assertThat(shipped()).extracting(LogEvent::getMessage).containsExactly("one", "two");
        assertThat(appended).hasValue(2);
    }
}
