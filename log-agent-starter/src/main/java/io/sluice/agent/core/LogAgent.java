package io.sluice.agent.core;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.EventTranslatorTwoArg;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Ships log events to ingest.
 *
 * <p><b>Logging threads</b> call {@link #offer(Object, int)}: one {@code tryPublishEvent} into a
 * bounded, lock-free multi-producer ring of pre-allocated, reused slots (LMAX Disruptor). It never
 * waits: when the ring is full the event is dropped and counted, and the last tenth of the ring is
 * kept for WARN and ERROR, so lower levels are dropped first.
 *
 * <p><b>One worker thread</b> polls the ring, encodes each event to protobuf into reused buffers
 * (one per lane: ERROR, WARN, lower levels) and seals a lane's batch by count, bytes or linger.
 * Each batch gets the idempotency key {@code instanceId:sequence}. A batch is sent at once when
 * nothing older waits in the spool, no retry pause is running and the circuit breaker allows it;
 * otherwise, or when the send fails transiently, it goes to the {@link BatchSpool} with its key.
 * The spool is drained (priority lane first, oldest first) after an exponential backoff with
 * jitter, or the server's retry hint. Above 80% spool use only WARN and ERROR batches are spooled.
 * So the ring keeps draining during an outage, and WARN/ERROR are lost only when the spool quota is
 * exhausted. Every drop is counted per level and reported every 10 s (and at close) as a synthetic
 * WARN event {@code dropped N events at level X}.
 */
public final class LogAgent implements AutoCloseable {

    /** Logger name of the agent's synthetic events. */
    public static final String AGENT_LOGGER = "io.sluice.agent";

    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long DROP_REPORT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long MAX_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long MAX_RETRY_HINT_NANOS = TimeUnit.MINUTES.toNanos(5);
    private static final int POLL_LIMIT = 4096;
    private static final int SPOOL_SENDS_PER_ROUND = 8;
    private static final double LOW_LEVEL_SPOOL_SHARE = 0.8;
    /** Room kept in a batch for its idempotency key field. */
    private static final int KEY_BYTES = 96;
    private static final Integer[] SEVERITIES = {0, 1, 2, 3, 4};

    private static final EventTranslatorTwoArg<Slot, Object, Integer> TRANSLATOR = (slot, sequence, payload, severity) -> {
        slot.payload = payload;
        slot.severity = severity;
    };

    private final AgentConfig config;
    private final BatchSender sender;
    private final BatchSpool spool;
    private final EventEncoder encoder;
    private final AgentListener listener;
    private final AgentCounters counters = new AgentCounters();
    private final ThrottledWarnings warnings;
    private final Backoff backoff;
    private final CircuitBreaker breaker;
    private final RingBuffer<Slot> ring;
    private final EventPoller<Slot> poller;
    private final int reserve;
    private final String instanceId = UUID.randomUUID().toString();
    private final Thread worker;
    private final Object monitor = new Object();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger flushWaiters = new AtomicInteger();
    private final Supplier<String> queueFullMessage;
    private volatile boolean closing;
    private volatile long closeDeadlineNanos;

    // Worker-thread state.
    private final Lane[] lanes = {new Lane(Lane.ERROR), new Lane(Lane.WARN), new Lane(Lane.LOW)};
    private final EventWriter writer;
    private final Map<Long, int[]> liveSpooled = new HashMap<>();
    private final long[] reportedDrops = new long[Severity.count()];
    private final EventPoller.Handler<Slot> handler = this::onSlot;
    private long nextDropReportNanos;
    private long nextAttemptNanos = System.nanoTime();
    private int failureStreak;
    private long sequence;
    private int polledThisRound;
    private final ArrayDeque<Ready> ready = new ArrayDeque<>();
    private boolean finalReportDone;

    /** An agent for pre-built {@link LogEvent}s with an in-memory spool; call {@link #start()}. */
    public LogAgent(AgentConfig config, BatchSender sender, AgentDiagnostics diagnostics) {
        this(config, sender, new MemoryBatchSpool(SpoolFactory.memoryBytes(config)), (captured, out) -> {
            throw new IllegalArgumentException("no encoder for " + captured.getClass().getName());
        }, diagnostics, AgentListener.NONE);
    }

    /** An agent sending through {@code sender}, parking batches in {@code spool}; call {@link #start()}. */
    public LogAgent(AgentConfig config, BatchSender sender, BatchSpool spool, EventEncoder encoder,
            AgentDiagnostics diagnostics, AgentListener listener) {
        this.config = config;
        this.sender = sender;
        this.spool = spool;
        this.encoder = encoder;
        this.listener = listener;
        this.warnings = new ThrottledWarnings(diagnostics, WARN_INTERVAL_NANOS);
        this.backoff = new Backoff(config.initialRetryBackoff(), config.maxRetryBackoff());
        this.breaker = CircuitBreaker.of("sluice-agent", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(4)
                .failureRateThreshold(50)
                .waitDurationInOpenState(config.breakerOpenDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
        int size = Integer.highestOneBit(Math.max(2, config.queueCapacity()) - 1) << 1;
        this.ring = RingBuffer.createMultiProducer(Slot::new, size, new YieldingWaitStrategy());
        this.poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        this.reserve = Math.max(1, size / 10);
        this.writer = new EventWriter(config.serviceName(), config.host(), config.staticAttributes());
        // Sequences keep increasing across restarts (the spool requires it): above what the spool
        // holds and above every earlier run's, which started from the clock too.
        this.sequence = Math.max(spool.highestSequence(), System.currentTimeMillis() * 1000);
        this.worker = new Thread(this::runWorker, "sluice-agent-" + instanceId.substring(0, 8));
        this.worker.setDaemon(true);
        this.queueFullMessage = () -> closing
                ? "Sluice agent is closing: dropping new log events"
                : "Sluice agent queue is full (" + ring.getBufferSize() + " events; ingest at " + config.endpoint()
                        + " is slow or unreachable): dropping new log events, lower levels first; dropped so far: "
                        + counters.snapshot().dropped();
    }

    /**
     * A started agent sending to {@code config.endpoints()} over plaintext gRPC, with the disk spool
     * when it is enabled (an in-memory one otherwise, or when the disk spool cannot be opened).
     */
    public static LogAgent connect(AgentConfig config, EventEncoder encoder, AgentDiagnostics diagnostics,
            AgentListener listener) {
        BatchSpool spool = SpoolFactory.open(config, diagnostics);
        return new LogAgent(config, GrpcBatchSender.plaintext(config.endpoints(), config.gzip()), spool, encoder,
                diagnostics, listener).start();
    }

    /** Starts the worker thread; idempotent. */
    public LogAgent start() {
        if (started.compareAndSet(false, true)) {
            worker.start();
        }
        return this;
    }

    /**
     * Whether an event of {@code severity} would find room in the ring now; when not, the drop is
     * counted here. Lets a caller skip its capture work for an event that would be dropped anyway.
     */
    public boolean admit(int severity) {
        int s = Math.max(Severity.TRACE, Math.min(Severity.ERROR, severity));
        if (!closing && (s >= Severity.WARN || ring.remainingCapacity() > reserve)) {
            return true;
        }
        counters.refused(s);
        warnings.warn("queue-full", queueFullMessage, null);
        return false;
    }

    /**
     * Queues what a logging thread captured, to be encoded by the {@link EventEncoder} on the
     * worker. Never blocks, never throws, allocates nothing: when the ring is full (for levels
     * below WARN: when only the reserve is left), or the agent is closing, the event is dropped
     * and counted.
     *
     * @param severity one of the {@link Severity} constants
     * @return whether the event was queued
     */
    public boolean offer(Object captured, int severity) {
        int s = Math.max(Severity.TRACE, Math.min(Severity.ERROR, severity));
        if (!closing && (s >= Severity.WARN || ring.remainingCapacity() > reserve)
                && ring.tryPublishEvent(TRANSLATOR, captured, SEVERITIES[s])) {
            counters.queued();
            return true;
        }
        counters.refused(s);
        warnings.warn("queue-full", queueFullMessage, null);
        return false;
    }

    /** Queues a ready-made event (its own service and host labels are kept). */
    public boolean offer(LogEvent event) {
        return offer(event, Severity.of(event.getLevel()));
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
        LockSupport.unpark(worker);
        try {
            synchronized (monitor) {
                while (counters.settled() < target) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || (started.get() && !worker.isAlive())) {
                        return counters.settled() >= target;
                    }
                    TimeUnit.NANOSECONDS.timedWait(monitor, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
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
     * Stops accepting events, sends what is queued and spooled within the shutdown timeout, spools
     * what could not be sent (the disk spool keeps it for the next start), stops the worker and
     * releases the connections. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeDeadlineNanos = System.nanoTime() + config.shutdownTimeout().toNanos();
        closing = true;
        try {
            if (started.get()) {
                LockSupport.unpark(worker);
                worker.join(Math.max(1, config.shutdownTimeout().toMillis()) + 2_000);
                if (worker.isAlive()) {
                    sender.close();
                    worker.join(2_000);
                }
            } else {
                finish();
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

    /** The state of the circuit breaker around sends. */
    public String breakerState() {
        return breaker.getState().name();
    }

    /** Random id of this agent instance; the prefix of every new batch's idempotency key. */
    public String instanceId() {
        return instanceId;
    }

    /** The configuration this agent runs with. */
    public AgentConfig config() {
        return config;
    }

    private void runWorker() {
        try {
            counters.spoolBytes(spool.bytesUsed());
            nextDropReportNanos = System.nanoTime() + DROP_REPORT_NANOS;
            long idlePark = TimeUnit.MICROSECONDS.toNanos(100);
            while (true) {
                long now = System.nanoTime();
                int polled = pollRing();
                boolean urgent = closing || flushWaiters.get() > 0;
                if (urgent && polled > 0) {
                    // Take in everything offered so far before sealing, so a flush sends full batches.
                    for (int more = pollRing(); more > 0; more = pollRing()) {
                        polled += more;
                    }
                }
                sealDue(now, urgent);
                if (now - nextDropReportNanos >= 0) {
                    reportDrops();
                    nextDropReportNanos = now + DROP_REPORT_NANOS;
                }
                int resent = drainSpool();
                if (flushWaiters.get() > 0) {
                    synchronized (monitor) {
                        monitor.notifyAll();
                    }
                }
                if (closing && !finalReportDone && polled == 0) {
                    // The last drop summary travels the normal send path, so it reaches the archive.
                    reportDrops();
                    finalReportDone = true;
                    sealDue(System.nanoTime(), true);
                    continue;
                }
                if (closing && (pastCloseDeadline() || (finalReportDone && polled == 0 && lanesEmpty()
                        && spool.pendingBatches() == 0))) {
                    break;
                }
                if (polled == 0 && resent == 0) {
                    LockSupport.parkNanos(this, idlePark);
                    idlePark = Math.min(MAX_IDLE_PARK_NANOS, idlePark * 2);
                } else {
                    idlePark = TimeUnit.MICROSECONDS.toNanos(100);
                }
            }
        } catch (RuntimeException | Error e) {
            warnings.warn("worker", () -> "Sluice agent worker failed: " + e, e);
        } finally {
            finish();
        }
    }

    /** Last work of the worker: whatever is still in the ring or a lane goes to the spool. */
    private void finish() {
        try {
            while (pollRing() > 0) {
                // keep draining
            }
            reportDrops();
            for (Lane lane : lanes) {
                if (!lane.isEmpty()) {
                    toSpool(seal(lane), lane.index);
                }
            }
            if (spool instanceof MemoryBatchSpool && !liveSpooled.isEmpty()) {
                int[] lost = new int[Severity.count()];
                liveSpooled.values().forEach(counts -> {
                    for (int s = 0; s < counts.length; s++) {
                        lost[s] += counts[s];
                    }
                });
                liveSpooled.clear();
                counters.dropped(lost);
                warnings.warn("shutdown", () -> "Sluice agent stopped with unsent events and no disk spool; they are dropped", null);
            }
        } finally {
            spool.close();
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }
    }

    private int pollRing() {
        polledThisRound = 0;
        try {
            poller.poll(handler);
        } catch (Exception e) {
            warnings.warn("poll", () -> "Sluice agent could not read its queue: " + e, e);
        }
        // Sends happen only after poll() returned: the poller frees ring slots on return, so a
        // slow send never leaves producers facing a full ring.
        for (Ready r = ready.poll(); r != null; r = ready.poll()) {
            dispatch(r.sealed(), r.laneIndex());
        }
        return polledThisRound;
    }

    /** A sealed batch waiting for the current poll to return before it is sent or spooled. */
    private record Ready(Sealed sealed, int laneIndex) {
    }

    private boolean onSlot(Slot slot, long seq, boolean endOfBatch) {
        Object payload = slot.payload;
        int severity = slot.severity;
        slot.payload = null;
        writer.reset();
        try {
            if (payload instanceof LogEvent event) {
                writer.raw(event);
            } else {
                encoder.encode(payload, writer);
            }
            addToLane(severity);
        } catch (RuntimeException e) {
            int[] one = new int[Severity.count()];
            one[severity]++;
            counters.dropped(one);
            warnings.warn("encode", () -> "Sluice agent could not encode an event: " + e, e);
        }
        return ++polledThisRound < POLL_LIMIT && ready.isEmpty();
    }

    private void addToLane(int severity) {
        Lane lane = lanes[Lane.of(severity)];
        int size = writer.encode();
        if (!lane.isEmpty() && (lane.count >= config.batchSize() || lane.events.size() + size + KEY_BYTES > config.batchBytes())) {
            ready.add(new Ready(seal(lane), lane.index));
        }
        writer.appendTo(lane.events);
        lane.added(severity, System.nanoTime());
        if (lane.count >= config.batchSize() || lane.events.size() + KEY_BYTES >= config.batchBytes()) {
            ready.add(new Ready(seal(lane), lane.index));
        }
    }

    private void sealDue(long now, boolean urgent) {
        for (Lane lane : lanes) {
            if (!lane.isEmpty() && (urgent || now - lane.firstNanos >= config.linger().toNanos())) {
                dispatch(seal(lane), lane.index);
            }
        }
    }

    private Sealed seal(Lane lane) {
        long seq = ++sequence;
        String key = instanceId + ":" + seq;
        lane.events.writeStringField(2, key);
        Sealed sealed = new Sealed(new PendingBatch(seq, key, lane.index == Lane.ERROR, lane.events.toByteArray()),
                lane.bySeverity.clone());
        lane.clear();
        return sealed;
    }

    private void dispatch(Sealed sealed, int laneIndex) {
        if (spool.pendingBatches() == 0 && canSendNow() && breaker.tryAcquirePermission()) {
            if (send(sealed.batch(), sealed.counts())) {
                return;
            }
        }
        toSpool(sealed, laneIndex);
    }

    private boolean canSendNow() {
        return System.nanoTime() - nextAttemptNanos >= 0 && !(closing && pastCloseDeadline());
    }

    private void toSpool(Sealed sealed, int laneIndex) {
        PendingBatch batch = sealed.batch();
        boolean lowLevels = laneIndex == Lane.LOW;
        if (lowLevels && spool.bytesUsed() + batch.payload().length > spool.maxBytes() * LOW_LEVEL_SPOOL_SHARE) {
            counters.dropped(sealed.counts());
            counters.batchFailed();
            warnings.warn("spool-low", () -> "Sluice agent spool is above 80% of its quota: dropping TRACE/DEBUG/INFO batches", null);
            return;
        }
        boolean stored;
        try {
            stored = spool.append(batch);
        } catch (RuntimeException e) {
            stored = false;
            warnings.warn("spool-error", () -> "Sluice agent could not write its spool: " + e, e);
        }
        if (!stored) {
            counters.dropped(sealed.counts());
            counters.batchFailed();
            warnings.warn("spool-full", () -> "Sluice agent spool is full (" + spool.maxBytes() + " bytes): dropping batches", null);
            return;
        }
        liveSpooled.put(batch.sequence(), sealed.counts());
        counters.spooled();
        counters.spoolBytes(spool.bytesUsed());
    }

    private int drainSpool() {
        int sent = 0;
        while (sent < SPOOL_SENDS_PER_ROUND && spool.pendingBatches() > 0 && canSendNow() && breaker.tryAcquirePermission()) {
            Optional<PendingBatch> next = spool.next();
            if (next.isEmpty()) {
                breaker.releasePermission();
                break;
            }
            PendingBatch batch = next.get();
            int[] counts = liveSpooled.get(batch.sequence());
            if (!send(batch, counts)) {
                break;
            }
            spool.ack(batch.sequence());
            liveSpooled.remove(batch.sequence());
            counters.spoolBytes(spool.bytesUsed());
            sent++;
            pollRing();
        }
        return sent;
    }

    /**
     * One Push call, a breaker permission already acquired. True when the batch is done with
     * (acknowledged, or refused and dropped); false after a transient failure (a retry is scheduled).
     */
    private boolean send(PendingBatch batch, int[] liveCounts) {
        long timeout = config.sendTimeout().toNanos();
        if (closing) {
            timeout = Math.min(timeout, closeDeadlineNanos - System.nanoTime());
        }
        if (timeout <= 0) {
            breaker.releasePermission();
            return false;
        }
        if (failureStreak > 0) {
            counters.retried();
        }
        long start = System.nanoTime();
        try {
            SendResult result = sender.send(batch.payload(), Duration.ofNanos(timeout));
            long took = System.nanoTime() - start;
            breaker.onSuccess(took, TimeUnit.NANOSECONDS);
            listener.sent(took, true);
            failureStreak = 0;
            nextAttemptNanos = System.nanoTime();
            int live = liveCounts == null ? 0 : sum(liveCounts);
            counters.delivered(result.accepted(), result.rejected(), live);
            if (result.rejected() > 0) {
                warnings.warn("rejected", () -> "Sluice ingest refused " + result.rejected() + " events: " + result.error(), null);
            }
            return true;
        } catch (SendException e) {
            long took = System.nanoTime() - start;
            listener.sent(took, false);
            if (!e.isTransient()) {
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                giveUp(batch, liveCounts, e.getMessage());
                return true;
            }
            breaker.onError(took, TimeUnit.NANOSECONDS, e);
            long pause = e.retryAfterNanos() >= 0 ? Math.min(e.retryAfterNanos(), MAX_RETRY_HINT_NANOS)
                    : backoff.pauseNanos(failureStreak);
            failureStreak++;
            nextAttemptNanos = System.nanoTime() + pause;
            warnings.warn("transient", () -> "Sluice ingest at " + config.endpoint() + " did not acknowledge a batch ("
                    + e.getMessage() + "); it is spooled and sent again later", null);
            return false;
        } catch (RuntimeException e) {
            breaker.releasePermission();
            giveUp(batch, liveCounts, "unexpected failure: " + e);
            return true;
        }
    }

    private void giveUp(PendingBatch batch, int[] liveCounts, String why) {
        counters.batchFailed();
        counters.dropped(liveCounts != null ? liveCounts : countLevels(batch));
        warnings.warn("batch-dropped", () -> "Sluice agent dropped a batch ingest refused: " + why, null);
    }

    /** Per-level counts of a batch of an earlier run (rare: only when ingest refuses it). */
    private static int[] countLevels(PendingBatch batch) {
        int[] counts = new int[Severity.count()];
        try {
            for (LogEvent event : LogBatch.parseFrom(batch.payload()).getEventsList()) {
                counts[Severity.of(event.getLevel())]++;
            }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            // A batch that does not parse is counted as nothing; the spool's checksums make this unlikely.
        }
        return counts;
    }

    /** Emits one synthetic WARN event per level with drops since the last report. */
    private void reportDrops() {
        for (int s = 0; s < Severity.count(); s++) {
            long total = counters.dropped(s);
            long fresh = total - reportedDrops[s];
            if (fresh <= 0) {
                continue;
            }
            reportedDrops[s] = total;
            String level = Severity.name(s);
            Instant now = Instant.now();
            writer.reset();
            writer.timestamp(now.getEpochSecond() * 1_000_000_000L + now.getNano())
                    .level("WARN")
                    .message("dropped " + fresh + " events at level " + level)
                    .attribute("logger", AGENT_LOGGER)
                    .attribute("sluice.dropped", fresh)
                    .attribute("sluice.droppedLevel", level);
            counters.queued();
            addToLane(Severity.WARN);
        }
    }

    private boolean lanesEmpty() {
        for (Lane lane : lanes) {
            if (!lane.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private boolean pastCloseDeadline() {
        return System.nanoTime() - closeDeadlineNanos >= 0;
    }

    private static int sum(int[] counts) {
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        return n;
    }

    /** A pre-allocated ring slot, reused for every event that passes through it. */
    static final class Slot {
        Object payload;
        int severity;
    }

    private record Sealed(PendingBatch batch, int[] counts) {
    }
}
