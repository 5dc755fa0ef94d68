package io.sluice.agent.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import io.sluice.agent.core.AgentConfig;
import io.sluice.agent.core.AgentListener;
import io.sluice.agent.core.AgentStats;
import io.sluice.agent.core.EventEncoder;
import io.sluice.agent.core.LocalHost;
import io.sluice.agent.core.LogAgent;
import io.sluice.agent.core.RuntimeContext;
import io.sluice.agent.core.Severity;
import java.nio.file.Path;

/**
 * Logback appender that hands each event to a Sluice {@link LogAgent}. {@link #append} runs on
 * the logging thread and does only what must happen there: it calls
 * {@link ILoggingEvent#prepareForDeferredProcessing()} (as Logback's {@code AsyncAppender} does),
 * which fixes the formatted message (arguments may be mutable objects that change after the
 * call returns), the thread name and the MDC, and offers the event reference to the agent's
 * lock-free ring. Encoding happens later on the agent's thread. It never blocks, never throws and
 * allocates nothing of its own. Events of the agent itself and of gRPC/Netty are ignored, so the
 * agent's own transport can never feed back into it.
 *
 * <p>Two ways to use it: Spring Boot's auto-configuration creates it around an agent it owns; a
 * plain {@code logback.xml} declares it with the setters below, and then the appender starts its
 * own agent and closes it (flushing within {@code shutdownTimeout}, spooling the rest) when
 * Logback stops it, e.g. through {@code <shutdownHook/>}.
 */
public class SluiceAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /** Name the Spring installation gives the appender. */
    public static final String DEFAULT_NAME = "SLUICE";

    /** An array, not a List: iterating it on the logging thread must not allocate an iterator. */
    private static final String[] IGNORED_LOGGERS = {"io.sluice.agent", "io.grpc", "io.netty", "io.perfmark"};

    private String endpoint = "localhost:4317";
    private String serviceName = "unknown";
    private String host;
    private String appVersion;
    private int batchSize = AgentConfig.DEFAULT_BATCH_SIZE;
    private FileSize batchBytes = new FileSize(AgentConfig.DEFAULT_BATCH_BYTES);
    private int queueCapacity = AgentConfig.DEFAULT_QUEUE_CAPACITY;
    private Duration linger = Duration.buildByMilliseconds(AgentConfig.DEFAULT_LINGER.toMillis());
    private Duration sendTimeout = Duration.buildByMilliseconds(AgentConfig.DEFAULT_SEND_TIMEOUT.toMillis());
    private Duration maxRetryBackoff = Duration.buildByMilliseconds(AgentConfig.DEFAULT_MAX_RETRY_BACKOFF.toMillis());
    private Duration shutdownTimeout = Duration.buildByMilliseconds(AgentConfig.DEFAULT_SHUTDOWN_TIMEOUT.toMillis());
    private String compression = "gzip";
    private boolean spoolEnabled = true;
    private String spoolDir;
    private FileSize spoolMaxSize = FileSize.valueOf("256MB");
    private FileSize spoolSegmentSize = FileSize.valueOf("16MB");
    private boolean spoolFsync;

    private LogAgent agent;
    private boolean ownsAgent;

    /** An appender configured by its setters (e.g. from logback.xml); starts its own agent. */
    public SluiceAppender() {
    }

    /** An appender feeding {@code agent}, which the caller starts and closes. */
    public SluiceAppender(LogAgent agent) {
        this.agent = agent;
    }

    /** The encoder the agent must be created with to accept this appender's events. */
    public static EventEncoder encoder() {
        return new LogbackEventEncoder();
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        try {
            if (agent == null || ownsAgent) {
                agent = LogAgent.connect(configFromSetters(), encoder(), new LogbackStatusDiagnostics(getContext(), this),
                        AgentListener.NONE);
                ownsAgent = true;
            }
        } catch (RuntimeException e) {
            addError("Sluice appender not started: " + e.getMessage(), e);
            return;
        }
        super.start();
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        if (ownsAgent) {
            agent.close();
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        try {
            if (isIgnored(event.getLoggerName())) {
                return;
            }
            int severity = severity(event.getLevel());
            if (!agent.admit(severity)) {
                return;
            }
            event.prepareForDeferredProcessing();
            agent.offer(event, severity);
        } catch (RuntimeException e) {
            addWarn("Sluice appender could not capture an event: " + e, e);
        }
    }

    /** The counters of the agent behind this appender (null before the first start). */
    public AgentStats stats() {
        return agent == null ? null : agent.stats();
    }

    /** The agent behind this appender (null before the first start). */
    public LogAgent agent() {
        return agent;
    }

    static int severity(Level level) {
        int value = level.toInt();
        if (value >= Level.ERROR_INT) {
            return Severity.ERROR;
        }
        if (value >= Level.WARN_INT) {
            return Severity.WARN;
        }
        if (value >= Level.INFO_INT) {
            return Severity.INFO;
        }
        return value >= Level.DEBUG_INT ? Severity.DEBUG : Severity.TRACE;
    }

    static boolean isIgnored(String loggerName) {
        if (loggerName == null) {
            return false;
        }
        for (int i = 0; i < IGNORED_LOGGERS.length; i++) {
            String root = IGNORED_LOGGERS[i];
            if (loggerName.startsWith(root)
                    && (loggerName.length() == root.length() || loggerName.charAt(root.length()) == '.')) {
                return true;
            }
        }
        return false;
    }

    private AgentConfig configFromSetters() {
        String dir = spoolDir == null || spoolDir.isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "sluice-agent", serviceName).toString() : spoolDir;
        AgentConfig.SpoolSettings spool = spoolEnabled
                ? AgentConfig.SpoolSettings.in(Path.of(dir), spoolMaxSize.getSize(), spoolSegmentSize.getSize(), spoolFsync)
                : AgentConfig.SpoolSettings.DISABLED;
        return AgentConfig.defaults(endpoint, serviceName, host == null || host.isBlank() ? LocalHost.name() : host)
                .withBatching(batchSize, java.time.Duration.ofMillis(linger.getMilliseconds()))
                .withBatchBytes(batchBytes.getSize())
                .withQueueCapacity(queueCapacity)
                .withTimes(java.time.Duration.ofMillis(sendTimeout.getMilliseconds()),
                        AgentConfig.DEFAULT_INITIAL_RETRY_BACKOFF,
                        java.time.Duration.ofMillis(maxRetryBackoff.getMilliseconds()),
                        java.time.Duration.ofMillis(shutdownTimeout.getMilliseconds()))
                .withGzip(!"none".equalsIgnoreCase(compression))
                .withSpool(spool)
                .withStaticAttributes(RuntimeContext.staticAttributes(appVersion));
    }

    /** gRPC targets of ingest, comma-separated {@code host:port} (default {@code localhost:4317}). */
    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    /** The {@code service} label of every event (default {@code unknown}). */
    public void setServiceName(String serviceName) {
        this.serviceName = serviceName;
    }

    /** The {@code host} label of every event (default: HOSTNAME or the local host name). */
    public void setHost(String host) {
        this.host = host;
    }

    /** The {@code service.version} attribute of every event (default: none). */
    public void setAppVersion(String appVersion) {
        this.appVersion = appVersion;
    }

    /** Most events per Push call (default 500). */
    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    /** Most bytes per Push call (default 1MB). */
    public void setBatchBytes(FileSize batchBytes) {
        this.batchBytes = batchBytes;
    }

    /** Most events held in memory (default 10000). */
    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    /** How long a batch may wait to fill (default 200 milliseconds). */
    public void setLinger(Duration linger) {
        this.linger = linger;
    }

    /** Deadline of one Push call (default 10 seconds). */
    public void setSendTimeout(Duration sendTimeout) {
        this.sendTimeout = sendTimeout;
    }

    /** Longest pause between resends (default 5 seconds). */
    public void setMaxRetryBackoff(Duration maxRetryBackoff) {
        this.maxRetryBackoff = maxRetryBackoff;
    }

    /** How long stopping may take to send what is queued (default 5 seconds). */
    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    /** {@code gzip} (default) or {@code none}. */
    public void setCompression(String compression) {
        this.compression = compression;
    }

    /** Whether unsent batches are spooled to disk (default true). */
    public void setSpoolEnabled(boolean spoolEnabled) {
        this.spoolEnabled = spoolEnabled;
    }

    /** Spool directory (default {@code ${java.io.tmpdir}/sluice-agent/<serviceName>}). */
    public void setSpoolDir(String spoolDir) {
        this.spoolDir = spoolDir;
    }

    /** Spool quota (default 256MB). */
    public void setSpoolMaxSize(FileSize spoolMaxSize) {
        this.spoolMaxSize = spoolMaxSize;
    }

    /** Spool segment size (default 16MB). */
    public void setSpoolSegmentSize(FileSize spoolSegmentSize) {
        this.spoolSegmentSize = spoolSegmentSize;
    }

    /** Whether every spool append is forced to disk (default false). */
    public void setSpoolFsync(boolean spoolFsync) {
        this.spoolFsync = spoolFsync;
    }
}
