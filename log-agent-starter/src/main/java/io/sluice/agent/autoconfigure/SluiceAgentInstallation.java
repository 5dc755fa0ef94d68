package io.sluice.agent.autoconfigure;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.sluice.agent.core.AgentStats;
import io.sluice.agent.core.LogAgent;
import io.sluice.agent.logback.LogbackStatusDiagnostics;
import io.sluice.agent.logback.SluiceAppender;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

/**
 * A running agent and its appender attached to the configured Logback loggers. Registered as a
 * bean so the application can read {@link #stats()}; closing it detaches the appender, then sends
 * what is queued (within the shutdown timeout) and stops the agent.
 */
public final class SluiceAgentInstallation implements AutoCloseable {

    private final LogAgent agent;
    private final SluiceAppender appender;
    private final List<Logger> loggers;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final SendObserver observer;

    private SluiceAgentInstallation(LogAgent agent, SluiceAppender appender, List<Logger> loggers, SendObserver observer) {
        this.agent = agent;
        this.observer = observer;
        this.appender = appender;
        this.loggers = loggers;
    }

    /**
     * Starts an agent for {@code properties} and attaches its appender to the configured loggers of
     * the application's Logback context.
     *
     * @throws IllegalStateException when SLF4J is not bound to Logback
     */
    public static SluiceAgentInstallation install(SluiceAgentProperties properties, Environment environment) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            throw new IllegalStateException("Sluice's log agent needs Logback as the SLF4J binding, found "
                    + factory.getClass().getName() + "; set sluice.agent.enabled=false to run without it");
        }
        SendObserver observer = new SendObserver();
        LogAgent agent = LogAgent.connect(properties.toAgentConfig(environment), SluiceAppender.encoder(),
                new LogbackStatusDiagnostics(context, SluiceAgentInstallation.class.getName()), observer);
        SluiceAppender appender = new SluiceAppender(agent);
        appender.setContext(context);
        appender.setName(SluiceAppender.DEFAULT_NAME);
        appender.setEarlyCapture(properties.earlyCapture());
        appender.start();
        List<Logger> loggers = properties.loggers().stream()
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .distinct()
                .map(context::getLogger)
                .toList();
        loggers.forEach(logger -> logger.addAppender(appender));
        appender.attachmentsChanged();
        return new SluiceAgentInstallation(agent, appender, loggers, observer);
    }

    /** The agent's counters so far. */
    public AgentStats stats() {
        return agent.stats();
    }

    /** The running agent (e.g. to {@link LogAgent#flush flush} it). */
    public LogAgent agent() {
        return agent;
    }

    /** Where the agent reports each send, e.g. to a latency metric. */
    SendObserver sendObserver() {
        return observer;
    }

    /** The appender attached to the configured loggers. */
    public SluiceAppender appender() {
        return appender;
    }

    /** Whether the appender is still attached to every configured logger and started. */
    public boolean isAttached() {
        return appender.isStarted() && loggers.stream().allMatch(logger -> logger.isAttached(appender));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            loggers.forEach(logger -> logger.detachAppender(appender));
            appender.stop();
            agent.close();
        }
    }
}
