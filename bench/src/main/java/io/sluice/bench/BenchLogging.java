package io.sluice.bench;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.Duration;
import io.sluice.agent.logback.SluiceAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One private Logback {@link LoggerContext} per benchmark trial with exactly one appender on the
 * root logger (level INFO), configured in code as an application's logback.xml would: the Sluice
 * appender, Logback's AsyncAppender, or a synchronous appender that does nothing (the floor: what
 * Logback itself costs to build an event). Never touches the JVM's default Logback context.
 */
final class BenchLogging implements AutoCloseable {

    /** Logger name the benchmarks log through. */
    static final String LOGGER = "com.example.checkout.OrderService";

    private final LoggerContext context;
    private final Logger logger;
    private final SluiceAppender sluice;
    private final AsyncAppender async;
    private final CountingAppender counting;
    private final Path spoolDir;

    private BenchLogging(SluiceAppender sluice, AsyncAppender async, CountingAppender counting,
            LoggerContext context, Path spoolDir) {
        this(sluice, async, counting, null, context, spoolDir);
    }

    private BenchLogging(SluiceAppender sluice, AsyncAppender async, CountingAppender counting,
            Appender<ILoggingEvent> other, LoggerContext context, Path spoolDir) {
        this.context = context;
        this.sluice = sluice;
        this.async = async;
        this.counting = counting;
        this.spoolDir = spoolDir;
        this.logger = context.getLogger(LOGGER);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        Appender<ILoggingEvent> attached = sluice != null ? sluice : async != null ? async : counting != null ? counting : other;
        root.addAppender(attached);
    }

    /**
     * The Sluice appender sending to {@code endpoint}, with its default batching, compression,
     * early capture and spool settings except for a private spool directory, removed on close (so
     * no run resends another run's leftovers). The system property {@code compression}
     * ({@code zstd}, {@code gzip}, {@code none}) overrides the compression, and
     * {@code -DearlyCapture=false} turns early capture off.
     */
    static BenchLogging sluice(String endpoint, int queueCapacity) {
        return sluice(endpoint, queueCapacity, System.getProperty("compression"));
    }

    /** As {@link #sluice(String, int)}, with {@code compression} ({@code zstd}, {@code gzip}, {@code none}) unless null. */
    static BenchLogging sluice(String endpoint, int queueCapacity, String compression) {
        return sluice(endpoint, queueCapacity, compression, !"false".equals(System.getProperty("earlyCapture")), null);
    }

    /**
     * The Sluice appender as {@link #sluice(String, int, String)}, with early capture on or off,
     * and, unless null, {@code beside} attached to the root logger too (so every call also reaches
     * another appender, as with a console appender, and early capture must leave it to Logback).
     */
    static BenchLogging sluice(String endpoint, int queueCapacity, String compression, boolean earlyCapture,
            CountingAppender beside) {
        return sluice(endpoint, queueCapacity, compression, earlyCapture, beside, null);
    }

    /** As {@link #sluice(String, int, String, boolean, CountingAppender)}, sending {@code apiKey} unless null. */
    static BenchLogging sluice(String endpoint, int queueCapacity, String compression, boolean earlyCapture,
            CountingAppender beside, String apiKey) {
        LoggerContext context = newContext("sluice");
        String serviceName = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        Path spoolDir;
        try {
            spoolDir = Files.createTempDirectory("sluice-bench-spool-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SluiceAppender appender = new SluiceAppender();
        appender.setSpoolDir(spoolDir.toString());
        appender.setShutdownTimeout(Duration.buildBySeconds(2));
        appender.setContext(context);
        appender.setName("SLUICE");
        appender.setEndpoint(endpoint);
        appender.setServiceName(serviceName);
        appender.setHost("bench-host");
        appender.setQueueCapacity(queueCapacity);
        appender.setEarlyCapture(earlyCapture);
        appender.setApiKey(apiKey);
        if (compression != null) {
            appender.setCompression(compression);
        }
        appender.start();
        requireStarted(appender, context);
        if (beside != null) {
            beside.setContext(context);
            beside.setName("BESIDE");
            beside.start();
            context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(beside);
        }
        BenchLogging logging = new BenchLogging(appender, null, beside, context, spoolDir);
        appender.attachmentsChanged();
        return logging;
    }

    /** Logback's AsyncAppender ({@code neverBlock=true}, default discarding threshold) over {@code target}. */
    static BenchLogging asyncAppender(CountingAppender target, int queueSize) {
        LoggerContext context = newContext("async");
        target.setContext(context);
        target.setName("TARGET");
        target.start();
        AsyncAppender appender = new AsyncAppender();
        appender.setContext(context);
        appender.setName("ASYNC");
        appender.setQueueSize(queueSize);
        appender.setNeverBlock(true);
        appender.setMaxFlushTime(100);
        appender.addAppender(target);
        appender.start();
        requireStarted(appender, context);
        return new BenchLogging(null, appender, target, context, null);
    }

    /**
     * The capture floor: a synchronous appender that only stores the event reference in a
     * pre-allocated ring ({@link CaptureFloorAppender}), the least any asynchronous hand-off costs.
     */
    static BenchLogging captureFloor() {
        LoggerContext context = newContext("floor");
        CaptureFloorAppender floor = new CaptureFloorAppender();
        floor.setContext(context);
        floor.setName("FLOOR");
        floor.start();
        return new BenchLogging(null, null, null, floor, context, null);
    }

    /** A synchronous appender that does nothing: Logback's own cost of a call, no hand-off. */
    static BenchLogging synchronousNoOp() {
        LoggerContext context = newContext("noop");
        CountingAppender target = CountingAppender.noOp();
        target.setContext(context);
        target.setName("NOOP");
        target.start();
        return new BenchLogging(null, null, target, context, null);
    }

    Logger logger() {
        return logger;
    }

    /** The Sluice appender, or null. */
    SluiceAppender sluiceAppender() {
        return sluice;
    }

    /** The appender behind AsyncAppender (or the synchronous no-op one), or null. */
    CountingAppender countingAppender() {
        return counting;
    }

    /** Events still queued in the AsyncAppender (0 for the others). */
    int asyncQueued() {
        return async == null ? 0 : async.getNumberOfElementsInQueue();
    }

    @Override
    public void close() {
        context.stop();
        if (spoolDir != null) {
            deleteTree(spoolDir);
        }
    }

    private static LoggerContext newContext(String name) {
        LoggerContext context = new LoggerContext();
        context.setName("bench-" + name);
        // A context made in code has no MDC adapter (the SLF4J provider sets one only on the
        // default context); events read MDC when they are handed to another thread.
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.start();
        return context;
    }

    private static void requireStarted(Appender<ILoggingEvent> appender, LoggerContext context) {
        if (!appender.isStarted()) {
            String statuses = context.getStatusManager().getCopyOfStatusList().stream()
                    .filter(s -> s.getLevel() >= Status.WARN)
                    .map(Status::toString)
                    .collect(Collectors.joining("; "));
            throw new IllegalStateException(appender.getName() + " did not start: " + statuses);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
