package io.sluice.agent.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.util.Duration;
import io.sluice.agent.core.AgentConfig;
import io.sluice.agent.core.AgentStats;
import io.sluice.agent.core.LocalHost;
import io.sluice.agent.core.LogAgent;
import java.util.List;

/**
 * Logback appender that hands each event to a Sluice {@link LogAgent}. {@link #append} captures
 * the event on the logging thread and offers it to the agent's bounded queue: it never blocks and
 * never throws. Events of the agent itself and of gRPC/Netty are ignored, so the agent's own
 * transport can never feed back into it.
 *
 * <p>Two ways to use it: Spring Boot's auto-configuration creates it around an agent it owns; a
 * plain {@code logback.xml} declares it with the setters below, and then the appender starts its
 * own agent and closes it (flushing within {@code shutdownTimeout}) when Logback stops it, e.g.
 * through {@code <shutdownHook/>}.
 */
public class SluiceAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /** Name the Spring installation gives the appender. */
    public static final String DEFAULT_NAME = "SLUICE";

    private static final List<String> IGNORED_LOGGERS = List.of("io.sluice.agent", "io.grpc", "io.netty", "io.perfmark");

    private String endpoint = "localhost:4317";
    private String serviceName = "unknown";
    private String host;
    private int batchSize = AgentConfig.DEFAULT_BATCH_SIZE;
    private int queueCapacity = AgentConfig.DEFAULT_QUEUE_CAPACITY;
    private Duration linger = Duration.buildByMilliseconds(AgentConfig.DEFAULT_LINGER.toMillis());
    private Duration sendTimeout = Duration.buildByMilliseconds(AgentConfig.DEFAULT_SEND_TIMEOUT.toMillis());
    private Duration maxRetryBackoff = Duration.buildByMilliseconds(AgentConfig.DEFAULT_MAX_RETRY_BACKOFF.toMillis());
    private Duration shutdownTimeout = Duration.buildByMilliseconds(AgentConfig.DEFAULT_SHUTDOWN_TIMEOUT.toMillis());

    private LogAgent agent;
    private boolean ownsAgent;
    private LogEventMapper mapper;

    /** An appender configured by its setters (e.g. from logback.xml); starts its own agent. */
    public SluiceAppender() {
    }

    /** An appender feeding {@code agent}, which the caller starts and closes. */
    public SluiceAppender(LogAgent agent) {
        this.agent = agent;
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        try {
            if (agent == null || ownsAgent) {
                agent = LogAgent.connect(configFromSetters(), new LogbackStatusDiagnostics(getContext(), this));
                ownsAgent = true;
            }
            mapper = new LogEventMapper(agent.config().serviceName(), agent.config().host());
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
        if (isIgnored(event.getLoggerName())) {
            return;
        }
        try {
            agent.offer(mapper.map(event));
        } catch (RuntimeException e) {
            addWarn("Sluice appender could not capture an event of " + event.getLoggerName() + ": " + e, e);
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

    static boolean isIgnored(String loggerName) {
        if (loggerName == null) {
            return false;
        }
        for (String root : IGNORED_LOGGERS) {
            if (loggerName.startsWith(root)
                    && (loggerName.length() == root.length() || loggerName.charAt(root.length()) == '.')) {
                return true;
            }
        }
        return false;
    }

    private AgentConfig configFromSetters() {
        return new AgentConfig(endpoint, serviceName, host == null || host.isBlank() ? LocalHost.name() : host,
                batchSize, java.time.Duration.ofMillis(linger.getMilliseconds()), queueCapacity,
                java.time.Duration.ofMillis(sendTimeout.getMilliseconds()), AgentConfig.DEFAULT_INITIAL_RETRY_BACKOFF,
                java.time.Duration.ofMillis(maxRetryBackoff.getMilliseconds()),
                java.time.Duration.ofMillis(shutdownTimeout.getMilliseconds()));
    }

    /** gRPC target of ingest, e.g. {@code localhost:4317} (default). */
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

    /** Most events per Push call (default 500). */
    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
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
}
