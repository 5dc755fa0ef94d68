package io.sluice.agent.core;

import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ships log events to ingest: logging threads {@link #offer} events into a bounded
 * {@link EventQueue} (never blocking; a full queue drops and counts), and one daemon worker thread
 * drains it into batches of up to {@code batchSize} events, sent when full or when the first event
 * has waited {@code linger}. Each batch carries the idempotency key {@code instanceId:sequence}
 * and is sent again, with the same key, after transient failures (exponential backoff with
 * jitter) until it is acknowledged or the agent is closing and its shutdown timeout ran out. While
 * a batch is being retried the queue keeps filling, so a long outage ends in counted drops,
 * low-severity events first. A batch refused as a whole is dropped, counted and reported.
 */
public final class LogAgent implements AutoCloseable {

    private static final long IDLE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long CANCEL_GRACE_MILLIS = 2_000;

    private final AgentConfig config;
    private final BatchSender sender;
    private final EventQueue queue;
    private final AgentCounters counters = new AgentCounters();
    private final ThrottledWarnings warnings;
    private final Backoff backoff;
    private final String instanceId = UUID.randomUUID().toString();
    private final Thread worker;
    private final Object monitor = new Object();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger flushWaiters = new AtomicInteger();
    private volatile boolean closing;
    private volatile long closeDeadlineNanos;
    private long batchSequence;

    /** An agent that sends through {@code sender}; call {@link #start()} to begin shipping. */
    public LogAgent(AgentConfig config, BatchSender sender, AgentDiagnostics diagnostics) {
        this.config = config;
        this.sender = sender;
        this.queue = new EventQueue(config.queueCapacity());
        this.warnings = new ThrottledWarnings(diagnostics, WARN_INTERVAL_NANOS);
        this.backoff = new Backoff(config.initialRetryBackoff(), config.maxRetryBackoff());
        this.worker = new Thread(this::runWorker, "sluice-agent-" + instanceId.substring(0, 8));
        this.worker.setDaemon(true);
    }

    /** A started agent sending to {@code config.endpoint()} over plaintext gRPC. */
    public static LogAgent connect(AgentConfig config, AgentDiagnostics diagnostics) {
        return new LogAgent(config, GrpcBatchSender.plaintext(config.endpoint()), diagnostics).start();
    }

    /** Starts the worker thread; idempotent. */
    public LogAgent start() {
        if (started.compareAndSet(false, true)) {
            worker.start();
        }
        return this;
    }

    /**
     * Queues {@code event} for sending. Never blocks and never throws: when the queue is full, or
     * the agent is closing, the event is dropped and counted.
     *
     * @return whether the event was queued
     */
    public boolean offer(LogEvent event) {
        if (!closing && queue.offer(event)) {
            counters.queued();
            return true;
        }
        counters.refusedByQueue(event);
        boolean whileClosing = closing;
        warnings.warn("queue-full", () -> whileClosing
                ? "Sluice agent is closing: dropping new log events"
                : "Sluice agent queue is full (" + queue.capacity() + " events, ingest at " + config.endpoint()
                        + " is slow or unreachable): dropping new log events, lower levels first; dropped so far: "
                        + counters.snapshot().dropped(), null);
        return false;
    }

    /**
     * Sends everything queued before this call without waiting for the linger.
     *
     * @return whether all those events were settled (sent, refused or dropped) within {@code timeout}
     */
    public boolean flush(Duration timeout) {
        long target = counters.queuedCount();
        long deadline = System.nanoTime() + timeout.toNanos();
        flushWaiters.incrementAndGet();
        queue.wakeUp();
        try {
            synchronized (monitor) {
                while (counters.settled() < target) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || (started.get() && !worker.isAlive())) {
                        return counters.settled() >= target;
                    }
                    TimeUnit.NANOSECONDS.timedWait(monitor, left);
                }
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            flushWaiters.decrementAndGet();
        }
    }

    /**
     * Stops accepting events, sends what is queued within the shutdown timeout (drops and counts
     * the rest), stops the worker and releases the connection. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (monitor) {
            closeDeadlineNanos = System.nanoTime() + config.shutdownTimeout().toNanos();
            closing = true;
            monitor.notifyAll();
        }
        queue.wakeUp();
        try {
            if (started.get()) {
                worker.join(Math.max(1, config.shutdownTimeout().toMillis()));
                if (worker.isAlive()) {
                    sender.close();
                    worker.join(CANCEL_GRACE_MILLIS);
                }
            } else {
                dropLeftovers(new ArrayList<>());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sender.close();
        }
    }

    /** The counters so far. */
    public AgentStats stats() {
        return counters.snapshot();
    }

    /** Random id of this agent instance; the prefix of every batch's idempotency key. */
    public String instanceId() {
        return instanceId;
    }

    /** The configuration this agent runs with. */
    public AgentConfig config() {
        return config;
    }

    private void runWorker() {
        List<LogEvent> batch = new ArrayList<>(config.batchSize());
        try {
            while (!(closing && pastCloseDeadline())) {
                queue.drainTo(batch, config.batchSize());
                if (batch.isEmpty()) {
                    if (closing) {
                        break;
                    }
                    queue.await(IDLE_WAIT_NANOS);
                    continue;
                }
                fill(batch);
                sendWithRetries(batch);
                batch.clear();
                synchronized (monitor) {
                    monitor.notifyAll();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            dropLeftovers(batch);
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }
    }

    private void fill(List<LogEvent> batch) throws InterruptedException {
        long deadline = System.nanoTime() + config.linger().toNanos();
        while (batch.size() < config.batchSize() && !urgent()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            queue.await(left);
            queue.drainTo(batch, config.batchSize() - batch.size());
        }
    }

    private void sendWithRetries(List<LogEvent> events) throws InterruptedException {
        LogBatch batch = LogBatch.newBuilder()
                .addAllEvents(events)
                .setIdempotencyKey(instanceId + ":" + (++batchSequence))
                .build();
        for (int attempt = 0; ; attempt++) {
            long timeoutNanos = callTimeoutNanos();
            if (timeoutNanos <= 0) {
                giveUp(events, "the shutdown timeout ran out before ingest acknowledged it");
                return;
            }
            try {
                SendResult result = sender.send(batch, Duration.ofNanos(timeoutNanos));
                int accepted = Math.max(0, Math.min(result.accepted(), events.size()));
                counters.delivered(accepted, events.size() - accepted);
                if (accepted < events.size()) {
                    warnings.warn("rejected", () -> "Sluice ingest refused " + (events.size() - accepted) + " of "
                            + events.size() + " events: " + result.error(), null);
                }
                return;
            } catch (SendException e) {
                if (!e.isTransient()) {
                    giveUp(events, e.getMessage());
                    return;
                }
                warnings.warn("transient", () -> "Sluice ingest at " + config.endpoint() + " did not acknowledge a batch ("
                        + e.getMessage() + "); sending it again with backoff", null);
            } catch (RuntimeException e) {
                giveUp(events, "unexpected failure: " + e);
                return;
            }
            if (!pause(backoff.pauseNanos(attempt))) {
                giveUp(events, "the shutdown timeout ran out while retrying");
                return;
            }
            counters.retried();
        }
    }

    private void giveUp(List<LogEvent> events, String why) {
        counters.batchDropped(events);
        warnings.warn("batch-dropped", () -> "Sluice agent dropped a batch of " + events.size() + " events: " + why, null);
    }

    private void dropLeftovers(List<LogEvent> inHand) {
        List<LogEvent> leftovers = new ArrayList<>(inHand);
        queue.drainTo(leftovers, Integer.MAX_VALUE);
        if (!leftovers.isEmpty()) {
            counters.droppedAtShutdown(leftovers);
            warnings.warn("shutdown", () -> "Sluice agent stopped with " + leftovers.size() + " unsent events; they are dropped", null);
        }
    }

    /** Waits {@code nanos}, cut short by the close deadline; false when that deadline passed. */
    private boolean pause(long nanos) throws InterruptedException {
        long end = System.nanoTime() + nanos;
        synchronized (monitor) {
            while (true) {
                long now = System.nanoTime();
                if (closing && now - closeDeadlineNanos >= 0) {
                    return false;
                }
                long until = closing ? Math.min(end, closeDeadlineNanos) : end;
                if (until - now <= 0) {
                    return true;
                }
                TimeUnit.NANOSECONDS.timedWait(monitor, until - now);
            }
        }
    }

    private long callTimeoutNanos() {
        long timeout = config.sendTimeout().toNanos();
        return closing ? Math.min(timeout, closeDeadlineNanos - System.nanoTime()) : timeout;
    }

    private boolean urgent() {
        return closing || flushWaiters.get() > 0;
    }

    private boolean pastCloseDeadline() {
        return System.nanoTime() - closeDeadlineNanos >= 0;
    }
}
