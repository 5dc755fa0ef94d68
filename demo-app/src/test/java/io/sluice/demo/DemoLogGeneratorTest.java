package io.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DemoLogGeneratorTest {

    /** Captures events, fixing thread name and MDC on the logging thread (Logback reads them lazily). */
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            super.append(event);
        }
    };
    private Logger loghub;
    private Level previousLevel;

    @BeforeEach
    void capture() {
        loghub = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("loghub");
        previousLevel = loghub.getLevel();
        loghub.setLevel(Level.TRACE);
        captured.setContext(loghub.getLoggerContext());
        captured.start();
        loghub.addAppender(captured);
    }

    @AfterEach
    void release() {
        loghub.detachAppender(captured);
        loghub.setLevel(previousLevel);
    }

    private static DemoProperties properties(double rate, long total) {
        return new DemoProperties(rate, total, false, 200, List.of());
    }

    @Test
    void logsExactlyTheTotalCyclingOverTheSampleWithLevelsReadFromEachLine() {
        LoghubSample sample = LoghubSample.load();
        AtomicInteger doneCalls = new AtomicInteger();
        int total = 2 * sample.lines().size() + 123;
        DemoLogGenerator generator = new DemoLogGenerator(sample, properties(0, total), doneCalls::incrementAndGet);

        generator.run();

        List<ILoggingEvent> events = captured.list;
        assertThat(events).hasSize(total);
        assertThat(generator.emitted()).isEqualTo(total);
        assertThat(doneCalls).hasValue(1);
        for (int i = 0; i < total; i++) {
            ILoggingEvent event = events.get(i);
            LoghubLine line = sample.lines().get(i % sample.lines().size());
            assertThat(event.getFormattedMessage()).isEqualTo(line.text());
            assertThat(event.getLoggerName()).isEqualTo("loghub." + line.dataset());
            assertThat(event.getLevel()).as("level of %s", line.text()).isEqualTo(expectedLevel(line.text()));
            assertThat(event.getThrowableProxy() != null).as("exception on line %d", i + 1).isEqualTo((i + 1) % 200 == 0);
        }
        assertThat(events).extracting(ILoggingEvent::getLevel).contains(Level.ERROR, Level.WARN, Level.INFO);
    }

    @Test
    void printsOneLineWithTheCountOfLinesLoggedAtEachLevelAtTheEndOfAFiniteRun() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int total = 5_000;

        new DemoLogGenerator(LoghubSample.load(), properties(0, total), () -> { },
                new PrintStream(out, true, StandardCharsets.UTF_8)).run();

        Map<Level, Long> logged = captured.list.stream()
                .collect(Collectors.groupingBy(ILoggingEvent::getLevel, Collectors.counting()));
        assertThat(logged.keySet()).contains(Level.ERROR, Level.WARN, Level.INFO);
        String expected = "demo emitted by level: TRACE=" + logged.getOrDefault(Level.TRACE, 0L)
                + " DEBUG=" + logged.getOrDefault(Level.DEBUG, 0L) + " INFO=" + logged.getOrDefault(Level.INFO, 0L)
                + " WARN=" + logged.getOrDefault(Level.WARN, 0L) + " ERROR=" + logged.getOrDefault(Level.ERROR, 0L);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected + System.lineSeparator());
        assertThat(logged.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(total);
    }

    @Test
    void logsLineNAtTheLevelCycleEntryOfNWhenALevelCycleIsSet() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<org.slf4j.event.Level> cycle = List.of(org.slf4j.event.Level.TRACE, org.slf4j.event.Level.DEBUG,
                org.slf4j.event.Level.INFO, org.slf4j.event.Level.INFO, org.slf4j.event.Level.WARN, org.slf4j.event.Level.ERROR);
        int total = 1_000;

        new DemoLogGenerator(LoghubSample.load(), new DemoProperties(0, total, false, 200, cycle), () -> { },
                new PrintStream(out, true, StandardCharsets.UTF_8)).run();

        assertThat(captured.list).hasSize(total);
        for (ILoggingEvent event : captured.list) {
            long seq = Long.parseLong(event.getMDCPropertyMap().get("seq"));
            assertThat(event.getLevel().toString()).as("level of seq %d", seq)
                    .isEqualTo(cycle.get((int) ((seq - 1) % cycle.size())).toString());
        }
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("demo emitted by level: TRACE=167 DEBUG=167 INFO=334 WARN=166 ERROR=166" + System.lineSeparator());
    }

    @Test
    void printsNoLevelLineWhenRunningForever() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DemoLogGenerator generator = new DemoLogGenerator(LoghubSample.load(), properties(1_000, -1), () -> { },
                new PrintStream(out, true, StandardCharsets.UTF_8));
        generator.start();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> generator.emitted() >= 20);
        generator.close();

        assertThat(generator.awaitDone(Duration.ofSeconds(5))).isTrue();
        assertThat(out.size()).isZero();
    }

    @Test
    void attachesASimulatedExceptionWithItsCauseEveryTwoHundredLines() {
        new DemoLogGenerator(LoghubSample.load(), properties(0, 400), () -> { }).run();

        assertThat(captured.list).filteredOn(e -> e.getThrowableProxy() != null).hasSize(2).allSatisfy(e -> {
            assertThat(e.getThrowableProxy().getClassName()).isEqualTo("java.lang.IllegalStateException");
            assertThat(e.getThrowableProxy().getCause().getMessage()).isEqualTo("Connection reset by peer");
        });
    }

    @Test
    void pacesLinesAtTheConfiguredRate() {
        long start = System.nanoTime();
        new DemoLogGenerator(LoghubSample.load(), properties(100, 31), () -> { }).run();

        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
        assertThat(captured.list).hasSize(31);
    }

    @Test
    void runsOnItsOwnThreadUntilClosedWhenTheTotalIsUnlimited() throws Exception {
        DemoLogGenerator generator = new DemoLogGenerator(LoghubSample.load(), properties(1_000, -1), () -> { });
        generator.start();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> generator.emitted() >= 20);
        generator.close();

        assertThat(generator.awaitDone(Duration.ofSeconds(5))).isTrue();
        long stoppedAt = generator.emitted();
        assertThat(captured.list).hasSize((int) stoppedAt).allSatisfy(e -> assertThat(e.getThreadName()).isEqualTo("demo-log-generator"));
    }

    /** The mapping as the demo's specification states it, written out independently. */
    private static Level expectedLevel(String line) {
        String l = line.toLowerCase(Locale.ROOT);
        if (l.contains("error") || l.contains("fatal") || l.contains("severe") || l.contains("fail")) {
            return Level.ERROR;
        }
        if (l.contains("warn")) {
            return Level.WARN;
        }
        return l.contains("debug") ? Level.DEBUG : Level.INFO;
    }
}
