package io.sluice.agent.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import io.sluice.agent.core.AgentConfig;
import io.sluice.agent.core.AgentListener;
import io.sluice.agent.core.AgentStats;
import io.sluice.agent.core.Compression;
import io.sluice.agent.core.EventEncoder;
import io.sluice.agent.core.LocalHost;
import io.sluice.agent.core.LogAgent;
import io.sluice.agent.core.RuntimeContext;
import io.sluice.agent.core.Severity;
import java.nio.file.Path;

/**
 * Logback appender that hands each event to a Sluice {@link LogAgent}. {@link #append} runs on
 * the logging thread and does only what must happen there, after checking that the event will be
 * taken at all (a dropped event costs no capture): it fixes the thread name and takes the MDC
 * snapshot reference (Logback 1.5's {@code LogbackMDCAdapter} hands out an unmodifiable map that a
 * later {@code MDC.put} replaces rather than changes), and formats the message on this thread only
 * when an argument is of a type that may change after the call returns; otherwise the agent's
 * thread formats it. Then it offers the event reference to the agent's lock-free ring. Encoding
 * happens later on the agent's thread. It never blocks, never throws and allocates nothing of its
 * own. Events of the agent itself and of gRPC/Netty are ignored (answer cached per logger name),
 * so the agent's own transport can never feed back into it.
 *
 * <p>Two ways to use it: Spring Boot's auto-configuration creates it around an agent it owns; a
 * plain {@code logback.xml} declares it with the setters below, and then the appender starts its
 * own agent and closes it (flushing within {@code shutdownTimeout}, spooling the rest) when
 * Logback stops it, e.g. through {@code <shutdownHook/>}.
 *
 * <p>With early capture (the default) the appender also installs a {@link SluiceTurboFilter}
 * that takes calls whose only appender is this one before Logback builds their event; every other
 * call still arrives here.
 */
public class SluiceAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /** Name the Spring installation gives the appender. */
    public static final String DEFAULT_NAME = "SLUICE";

    /** An array, not a List: iterating it on the logging thread must not allocate an iterator. */
    private static final String[] IGNORED_LOGGERS = {"io.sluice.agent", "io.grpc", "io.netty", "io.perfmark"};
    /** Most logger names whose answer is cached; past it the (rare) extra names are checked each time. */
    private static final int MAX_CACHED_LOGGERS = 10_000;

    private final java.util.concurrent.ConcurrentHashMap<String, Boolean> ignoredByLogger = new java.util.concurrent.ConcurrentHashMap<>();

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
    private String compression = "zstd";
    private boolean spoolEnabled = true;
    private String spoolDir;
    private FileSize spoolMaxSize = FileSize.valueOf("256MB");
    private FileSize spoolSegmentSize = FileSize.valueOf("16MB");
    private boolean spoolFsync;
    private String apiKey;
    private String tenant;
    private boolean tls;
    private String tlsTrustCertificate;
    private int maxInFlight = AgentConfig.DEFAULT_MAX_IN_FLIGHT;
    private boolean earlyCapture = true;

    private LogAgent agent;
    private boolean ownsAgent;
    private volatile SluiceTurboFilter turboFilter;

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
        if (earlyCapture && getContext() instanceof LoggerContext loggerContext) {
            turboFilter = new SluiceTurboFilter(this);
            turboFilter.setContext(loggerContext);
            turboFilter.start();
            loggerContext.addTurboFilter(turboFilter);
        }
    }

    /**
     * Tells early capture that the loggers this appender is attached to changed (it would notice
     * within a second anyway); a no-op without early capture.
     */
    public void attachmentsChanged() {
        SluiceTurboFilter filter = turboFilter;
        if (filter != null) {
            filter.invalidate();
        }
    }

    /** Whether early capture ({@link SluiceTurboFilter}) is installed. */
    public boolean isEarlyCapturing() {
        return turboFilter != null && turboFilter.isStarted();
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        SluiceTurboFilter filter = turboFilter;
        if (filter != null) {
            if (getContext() instanceof LoggerContext loggerContext) {
                loggerContext.getTurboFilterList().remove(filter);
            }
            filter.stop();
            turboFilter = null;
        }
        super.stop();
        if (ownsAgent) {
            agent.close();
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        try {
            if (ignored(event.getLoggerName())) {
                return;
            }
            int severity = severity(event.getLevel());
            if (!agent.admit(severity)) {
                return;
            }
            capture(event);
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

    /**
     * Fixes on the logging thread what cannot be read later from another thread: the thread
     * name, the MDC snapshot and, when an argument may be mutable, the formatted message.
     */
    static void capture(ILoggingEvent event) {
        event.getThreadName();
        try {
            event.getMDCPropertyMap();
        } catch (RuntimeException e) {
            // A LoggerContext without an MDC adapter: the event is shipped without MDC.
        }
        if (!ImmutableArguments.all(event.getArgumentArray())) {
            event.getFormattedMessage();
        }
    }

    private boolean ignored(String loggerName) {
        if (loggerName == null) {
            return false;
        }
        Boolean cached = ignoredByLogger.get(loggerName);
        if (cached != null) {
            return cached;
        }
        boolean ignored = isIgnored(loggerName);
        if (ignoredByLogger.size() < MAX_CACHED_LOGGERS) {
            ignoredByLogger.put(loggerName, ignored);
        }
        return ignored;
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
                .withCompression(Compression.of(compression))
                .withSpool(spool)
                .withStaticAttributes(RuntimeContext.staticAttributes(appVersion))
                .withAccess(new AgentConfig.Access(apiKey, tenant, tls,
                        tlsTrustCertificate == null || tlsTrustCertificate.isBlank() ? null : Path.of(tlsTrustCertificate)))
                .withMaxInFlight(maxInFlight);
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

    /** {@code zstd} (default; an ingest that cannot read it gets gzip), {@code gzip} or {@code none}. */
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

    /** API key sent as {@code authorization: Bearer <key>} (default: none). */
    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    /** Tenant sent as {@code x-sluice-tenant} (default: the tenant of the key). */
    public void setTenant(String tenant) {
        this.tenant = tenant;
    }

    /** Whether the connection to ingest uses TLS (default false). */
    public void setTls(boolean tls) {
        this.tls = tls;
    }

    /** PEM file of the certificates to trust over TLS (default: the JVM's trust store). */
    public void setTlsTrustCertificate(String tlsTrustCertificate) {
        this.tlsTrustCertificate = tlsTrustCertificate;
    }

    /**
     * Whether calls are taken before Logback builds their event when this appender is the only
     * one they would reach ({@link SluiceTurboFilter}; default true).
     */
    public void setEarlyCapture(boolean earlyCapture) {
        this.earlyCapture = earlyCapture;
    }

    /** Most calls to ingest in flight at once (default 4). */
    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }
}
