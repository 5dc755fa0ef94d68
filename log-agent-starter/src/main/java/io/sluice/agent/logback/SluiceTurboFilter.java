package io.sluice.agent.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.FilterReply;
import io.sluice.agent.core.LogAgent;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;

/**
 * Early capture: takes a logging call for the {@link SluiceAppender} before Logback builds its
 * {@code LoggingEvent}, which is most of what a call costs the logging thread. For a call whose
 * logger is enabled for its level and whose event would reach the Sluice appender and no other
 * appender (additivity followed up to the root, the appender without filters of its own, and this
 * the last turbo filter of the context), it writes the level, time, thread name, MDC snapshot,
 * message pattern and arguments (formatted here when an argument may change later) and throwable
 * straight into a pre-allocated ring slot of the agent ({@link LogAgent#tryClaim}) and answers
 * {@code DENY}, so Logback builds nothing and calls no appender. Every other call gets
 * {@code NEUTRAL} and goes Logback's usual way, through the appender: nothing is shipped twice and
 * other appenders see every event they would have seen. {@code isXxxEnabled()} queries and the
 * SLF4J fluent API (which may carry key-value pairs) always get {@code NEUTRAL}.
 *
 * <p>Where each logger's events go is computed once and cached; the cache is dropped when the
 * context is reset, started or stopped, when a level changes, and every second (Logback does not
 * announce appenders attached later, so one attached at run time gets the events of a logger taken
 * here within a second). Never blocks, never throws; a call that finds the ring full is dropped
 * and counted as in the appender.
 */
public final class SluiceTurboFilter extends TurboFilter {

    private static final long REFRESH_MILLIS = 1_000;
    private static final Object[] NO_ARGUMENTS = {};

    private final SluiceAppender appender;
    private final Map<Logger, Route> routes = new ConcurrentHashMap<>();
    private final Listener listener = new Listener();
    private volatile int generation;
    private ScheduledExecutorService refresher;

    /** A filter capturing for {@code appender} (which must be started before calls are taken). */
    public SluiceTurboFilter(SluiceAppender appender) {
        this.appender = appender;
        setName("SLUICE_EARLY_CAPTURE");
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        if (getContext() instanceof LoggerContext loggerContext) {
            loggerContext.addListener(listener);
        }
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sluice-route-refresh");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::invalidate, REFRESH_MILLIS, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
        super.start();
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        if (getContext() instanceof LoggerContext loggerContext) {
            loggerContext.removeListener(listener);
        }
        refresher.shutdownNow();
        routes.clear();
    }

    /** Forgets where loggers' events go, so the next call of each logger looks again. */
    public void invalidate() {
        generation++;
        routes.clear();
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format == null || !isStarted()) {
            // isXxxEnabled() asks with no message; a null message goes the usual way.
            return FilterReply.NEUTRAL;
        }
        try {
            if (level.levelInt < logger.getEffectiveLevel().levelInt || !takes(logger)) {
                return FilterReply.NEUTRAL;
            }
            capture(logger, level, format, params, t);
            return FilterReply.DENY;
        } catch (RuntimeException e) {
            addWarn("Sluice early capture could not take an event; it goes through the appender: " + e, e);
            return FilterReply.NEUTRAL;
        }
    }

    @Override
    public FilterReply decide(Logger logger, org.slf4j.event.LoggingEvent event) {
        return FilterReply.NEUTRAL;
    }

    private void capture(Logger logger, Level level, String format, Object[] params, Throwable t) {
        LogAgent agent = appender.agent();
        int severity = SluiceAppender.severity(level);
        Object[] arguments = params == null ? NO_ARGUMENTS : params;
        Throwable throwable = t;
        if (throwable == null && arguments.length > 0 && arguments[arguments.length - 1] instanceof Throwable last) {
            // As Logback does: a trailing throwable argument is the event's throwable, not an argument.
            throwable = last;
            arguments = Arrays.copyOf(arguments, arguments.length - 1);
        }
        long sequence = agent.tryClaim(severity);
        if (sequence < 0) {
            return;
        }
        boolean filled = false;
        try {
            Instant now = Instant.now();
            String formatted = ImmutableArguments.all(arguments) ? null : MessageFormatter.basicArrayFormat(format, arguments);
            ((CapturedCall) agent.claimedHolder(sequence)).set(logger.getName(), level,
                    now.getEpochSecond() * 1_000_000_000L + now.getNano(), Thread.currentThread().getName(),
                    mdc(logger.getLoggerContext()), format, arguments, formatted,
                    throwable == null ? null : new ThrowableProxy(throwable));
            filled = true;
        } finally {
            agent.publishClaimed(sequence, severity, filled);
        }
    }

    private static Map<String, String> mdc(LoggerContext context) {
        MDCAdapter adapter = context.getMDCAdapter();
        if (adapter == null) {
            adapter = MDC.getMDCAdapter();
        }
        if (adapter instanceof LogbackMDCAdapter logback) {
            // An unmodifiable map that a later MDC.put replaces, not changes: a snapshot for free.
            return logback.getPropertyMap();
        }
        return adapter == null ? null : adapter.getCopyOfContextMap();
    }

    private boolean takes(Logger logger) {
        Route route = routes.get(logger);
        int current = generation;
        if (route == null || route.generation != current) {
            route = new Route(routeOf(logger), current);
            routes.put(logger, route);
        }
        return route.take;
    }

    /**
     * Whether {@code logger}'s events reach the Sluice appender and no other appender, and nothing
     * between (a later turbo filter, a filter on the appender) would have had a say.
     */
    private boolean routeOf(Logger logger) {
        if (!appender.isStarted() || appender.agent() == null || SluiceAppender.isIgnored(logger.getName())
                || !appender.getCopyOfAttachedFiltersList().isEmpty()) {
            return false;
        }
        LoggerContext context = logger.getLoggerContext();
        List<TurboFilter> turboFilters = context.getTurboFilterList();
        if (turboFilters.isEmpty() || turboFilters.get(turboFilters.size() - 1) != this) {
            return false;
        }
        boolean reachesSluice = false;
        String name = logger.getName();
        while (name != null) {
            Logger current = context.exists(name);
            if (current != null) {
                for (Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> it = current.iteratorForAppenders(); it.hasNext(); ) {
                    if (it.next() != appender) {
                        return false;
                    }
                    reachesSluice = true;
                }
                if (!current.isAdditive()) {
                    break;
                }
            }
            name = parentName(name);
        }
        return reachesSluice;
    }

    /** The name of the parent logger ({@code a.b} of {@code a.b.C}, ROOT of a top-level name), or null for ROOT. */
    private static String parentName(String name) {
        if (Logger.ROOT_LOGGER_NAME.equals(name)) {
            return null;
        }
        int dot = Math.max(name.lastIndexOf('.'), name.lastIndexOf('$'));
        return dot > 0 ? name.substring(0, dot) : Logger.ROOT_LOGGER_NAME;
    }

    private record Route(boolean take, int generation) {
    }

    /** Drops the routes whenever Logback's configuration may have changed. */
    private final class Listener implements LoggerContextListener {

        @Override
        public boolean isResetResistant() {
            return false;
        }

        @Override
        public void onStart(LoggerContext context) {
            invalidate();
        }

        @Override
        public void onReset(LoggerContext context) {
            invalidate();
        }

        @Override
        public void onStop(LoggerContext context) {
            invalidate();
        }

        @Override
        public void onLevelChange(Logger logger, Level level) {
            invalidate();
        }
    }
}
