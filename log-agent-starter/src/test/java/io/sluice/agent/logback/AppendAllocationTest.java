package io.sluice.agent.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.util.Duration;
import io.sluice.agent.testing.IngestTestServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

/**
 * The application thread's cost of {@code append}: measured with the JVM's per-thread allocation
 * counter over many appends of already created events, so only the appender's and the agent's own
 * allocation counts, on both the queued and the dropped path.
 */
class AppendAllocationTest {

    private static final int EVENTS = 200_000;

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
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void appendAllocatesAlmostNothingPerEventOnTheCallingThread() {
        context.setMDCAdapter(MDC.getMDCAdapter());
        server = IngestTestServer.start();
        appender = new SluiceAppender();
        appender.setContext(context);
        appender.setEndpoint(server.target());
        appender.setServiceName("alloc");
        appender.setHost("h");
        appender.setQueueCapacity(4_096);
        appender.setLinger(Duration.buildByMilliseconds(5));
        appender.setSpoolDir(spoolDir.toString());
        appender.start();
        Logger logger = context.getLogger("com.example.Alloc");
        LoggingEvent[] events = new LoggingEvent[1_024];
        for (int i = 0; i < events.length; i++) {
            events[i] = new LoggingEvent("fqcn", logger, i % 7 == 0 ? Level.WARN : Level.INFO, "event {}", null, new Object[] {i});
            events[i].setMDCPropertyMap(Map.of("traceId", "t" + i));
            events[i].prepareForDeferredProcessing();
        }
        for (int i = 0; i < EVENTS; i++) {
            appender.doAppend(events[i % events.length]);
        }

        // Overload: far more appends than the ring holds, so most take the counted-drop path.
        long before = allocatedBytes();
        for (int i = 0; i < EVENTS; i++) {
            appender.doAppend(events[i % events.length]);
        }
        double overloaded = (double) (allocatedBytes() - before) / EVENTS;

        // Steady state: rounds that fit the ring, each flushed (outside the measurement) before the next.
        assertThat(appender.agent().flush(java.time.Duration.ofSeconds(30))).isTrue();
        long droppedBefore = appender.stats().droppedTotal();
        long measured = 0;
        for (int round = 0; round < 100; round++) {
            long start = allocatedBytes();
            for (int i = 0; i < 2_000; i++) {
                appender.doAppend(events[i % events.length]);
            }
            measured += allocatedBytes() - start;
            assertThat(appender.agent().flush(java.time.Duration.ofSeconds(30))).isTrue();
        }
        double queued = (double) measured / 200_000;

        System.out.printf("Sluice append, bytes allocated per event on the calling thread: %.3f queued (200000 events, "
                + "none dropped), %.3f under overload (%d events)%n", queued, overloaded, EVENTS);
        assertThat(appender.stats().droppedTotal()).isEqualTo(droppedBefore);
        assertThat(queued).isLessThan(1.0);
        assertThat(overloaded).isLessThan(1.0);
    }
}
