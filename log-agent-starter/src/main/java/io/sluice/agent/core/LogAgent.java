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
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * (one pooled batch buffer per lane: ERROR, WARN, lower levels) and seals a lane's batch by count,
 * bytes or linger. Each batch gets the idempotency key {@code instanceId:sequence}. The worker
 * never waits on ingest: it starts a Push call (at most {@code maxInFlight} at once) when no retry
 * pause runs and the circuit breaker allows it, and goes on; the answer comes back through a
 * lock-free completion queue that the worker drains every loop. While every call slot is busy a
 * few sealed batches wait in memory, then events wait in the ring; past that a TRACE/DEBUG/INFO
 * batch is dropped (counted) while calls are still being answered, and everything else, and every
 * batch whose call fails transiently, goes to the {@link BatchSpool} with its key. The spool is
 * drained (priority lane first, oldest first, one call at a time beside the live calls) after an
 * exponential backoff with jitter, or the server's retry hint. Above 80% spool use only WARN and
 * ERROR batches are spooled. So the ring keeps draining during an outage or a hung ingest, and
 * WARN/ERROR are lost only when the spool quota is exhausted. Batches of concurrent calls may
 * arrive in any order; their keys keep the order in which they were sealed. Every drop is counted
 * per level and reported every 10 s (and at close) as a synthetic WARN event
 * {@code dropped N events at level X}.
 */
public final class LogAgent implements AutoCloseable {

    /** Logger name of the agent's synthetic events. */
    public static final String AGENT_LOGGER = "io.sluice.agent";

    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long DROP_REPORT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long MAX_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long MAX_RETRY_HINT_NANOS = TimeUnit.MINUTES.toNanos(5);
    private static final int POLL_LIMIT = 4096;
    private static final long STUCK_MILLIS = 1_000;
    private static final long STUCK_NANOS = TimeUnit.MILLISECONDS.toNanos(STUCK_MILLIS);
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
    /** Ring sequence of the last event the worker took in (written by the worker only). */
    private volatile long takenSequence = -1;
    private volatile long closeDeadlineNanos;

    // Worker-thread state.
    private final Lane[] lanes;
    private final EventWriter writer;
    private final Map<Long, int[]> liveSpooled = new HashMap<>();
    private final long[] reportedDrops = new long[Severity.count()];
    private final EventPoller.Handler<Slot> handler = this::onSlot;
    private long nextDropReportNanos;
    private long nextAttemptNanos = System.nanoTime();
    private int failureStreak;
    private long sequence;
    private int polledThisRound;
    private final ArrayDeque<Sealed> ready = new ArrayDeque<>();
    private final ArrayDeque<Sealed> waiting = new ArrayDeque<>();
    private final int maxWaiting;
    private final BufferPool pool;
    private final java.util.Set<Call> calls = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final ConcurrentLinkedQueue<Call> completions = new ConcurrentLinkedQueue<>();
    private int inFlight;
    private Call spoolInFlight;
    private boolean finalReportDone;
    private boolean finishing;
    private boolean shedLowLevels;
    private final int[] shed = new int[Severity.count()];

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
        this.ring = RingBuffer.createMultiProducer(() -> new Slot(encoder.newSlotHolder()), size, new YieldingWaitStrategy());
        this.poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        this.reserve = Math.max(1, size / 10);
        this.writer = new EventWriter(config.serviceName(), config.host(), config.staticAttributes());
        this.maxWaiting = 2 * config.maxInFlight();
        int initialBytes = (int) Math.min(64 * 1024, config.batchBytes() + KEY_BYTES);
        this.pool = new BufferPool(3 + config.maxInFlight() + maxWaiting, initialBytes, 2 * (config.batchBytes() + KEY_BYTES));
        this.lanes = new Lane[] {new Lane(Lane.ERROR, pool.take()), new Lane(Lane.WARN, pool.take()), new Lane(Lane.LOW, pool.take())};
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
     * A started agent sending to {@code config.endpoints()} over gRPC (TLS, API key and tenant as configured), with the disk spool
     * when it is enabled (an in-memory one otherwise, or when the disk spool cannot be opened).
     */
    public static LogAgent connect(AgentConfig config, EventEncoder encoder, AgentDiagnostics diagnostics,
            AgentListener listener) {
        BatchSpool spool = SpoolFactory.open(config, diagnostics);
        return new LogAgent(config, GrpcBatchSender.connect(config.endpoints(), config.compression(), config.access(), diagnostics), spool, encoder,
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
            return true;
        }
        counters.refused(s);
        warnings.warn("queue-full", queueFullMessage, null);
        return false;
    }

    /**
     * Claims a ring slot for an event of {@code severity} without allocating anything: the caller
     * fills the slot's reusable holder ({@link #claimedHolder}, made by
     * {@link EventEncoder#newSlotHolder()}) and must then call {@link #publishClaimed} — always, in
     * a {@code finally}, as an unpublished slot stops the ring. When there is no room (the same rule
     * as {@link #offer(Object, int)}) the event is counted as dropped and -1 is returned.
     *
     * @return the claimed sequence, or -1
     */
    public long tryClaim(int severity) {
        int s = Math.max(Severity.TRACE, Math.min(Severity.ERROR, severity));
        if (!closing && (s >= Severity.WARN || ring.remainingCapacity() > reserve)) {
            try {
                return ring.tryNext();
            } catch (com.lmax.disruptor.InsufficientCapacityException full) {
                // Another producer took the last slot: dropped like any event that finds no room.
            }
        }
        counters.refused(s);
        warnings.warn("queue-full", queueFullMessage, null);
        return -1;
    }

    /** The reusable holder of the slot claimed as {@code sequence} (null when the encoder makes none). */
    public Object claimedHolder(long sequence) {
        return ring.get(sequence).holder;
    }

    /**
     * Hands the claimed slot {@code sequence}, its holder filled, to the worker. With
     * {@code filled} false the slot is handed over empty and skipped (the caller could not fill it).
     */
    public void publishClaimed(long sequence, int severity, boolean filled) {
        Slot slot = ring.get(sequence);
        slot.payload = filled ? slot.holder : null;
        slot.severity = Math.max(Severity.TRACE, Math.min(Severity.ERROR, severity));
        ring.publish(sequence);
    }

    /** Queues a ready-made event (its own service and host labels are kept); a test and tooling path. */
    public boolean offer(LogEvent event) {
        return offer(event, Severity.of(event.getLevel()));
    }

    /**
     * Sends everything queued before this call without waiting for the linger.
     *
     * @return whether all those events were settled (sent, refused or dropped) within {@code timeout}
     */
    public boolean flush(Duration timeout) {
        // Logging threads keep no count; the worker counts what it takes from the ring. So: wait
        // until the worker has taken in everything published so far, then for that many to settle.
        long published = ring.getCursor();
        long deadline = System.nanoTime() + timeout.toNanos();
        flushWaiters.incrementAndGet();
        LockSupport.unpark(worker);
        try {
            synchronized (monitor) {
                long target = -1;
                while (true) {
                    if (target < 0 && (takenSequence >= published || !worker.isAlive())) {
                        target = counters.queuedCount();
                    }
                    if (target >= 0 && counters.settled() >= target) {
                        return true;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || (started.get() && !worker.isAlive())) {
                        return target >= 0 && counters.settled() >= target;
                    }
                    TimeUnit.NANOSECONDS.timedWait(monitor, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
                }
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
                int settled = settleCompletions() + sendWaiting();
                boolean urgent = closing || flushWaiters.get() > 0;
                int polled = pollRing();
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
                int resent = sendWaiting() + drainSpool() + settled;
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
                if (closing && (pastCloseDeadline() || (finalReportDone && polled == 0 && lanesEmpty() && waiting.isEmpty()
                        && inFlight == 0 && spool.pendingBatches() == 0 && ringEmpty()))) {
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

    /**
     * Last work of the worker: whatever is still in the ring, a lane, waiting for a call slot or in
     * a call that has not answered goes to the spool (a call that succeeds after all is
     * de-duplicated by ingest on its key when the next run resends it).
     */
    private void finish() {
        finishing = true;
        try {
            settleCompletions();
            while (pollRing() > 0) {
                // keep draining
            }
            reportDrops();
            for (Sealed r = ready.poll(); r != null; r = ready.poll()) {
                toSpool(r);
            }
            for (Lane lane : lanes) {
                if (!lane.isEmpty()) {
                    toSpool(seal(lane));
                }
            }
            spoolWaiting();
            for (Call call : calls) {
                if (call.sealed != null) {
                    // Not released to the pool: the transport may still be reading the buffer.
                    spoolCopy(call.sealed);
                }
            }
            calls.clear();
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
        if (!finishing && backlogged()) {
            return 0;
        }
        // Ingest answers but cannot keep up and the ring is nearly full: lower levels taken in now
        // could only be dropped after encoding, so they are dropped (counted) without it.
        shedLowLevels = !finishing && inFlight >= config.maxInFlight() && waiting.size() >= maxWaiting
                && ringUnderPressure() && !callsStuck();
        try {
            poller.poll(handler);
        } catch (Exception e) {
            warnings.warn("poll", () -> "Sluice agent could not read its queue: " + e, e);
        }
        // Sealed batches are dispatched only after poll() returned: the poller frees ring slots on
        // return, so producers never face slots the worker has already taken in.
        for (Sealed r = ready.poll(); r != null; r = ready.poll()) {
            dispatch(r);
        }
        return polledThisRound;
    }

    private boolean onSlot(Slot slot, long seq, boolean endOfBatch) {
        Object payload = slot.payload;
        int severity = slot.severity;
        slot.payload = null;
        polledThisRound++;
        takenSequence = seq;
        if (payload == null) {
            // A claimed slot its producer could not fill: nothing was captured.
            return polledThisRound < POLL_LIMIT && ready.isEmpty();
        }
        counters.queued();
        if (shedLowLevels && severity < Severity.WARN) {
            shed[severity]++;
            counters.dropped(shed);
            shed[severity] = 0;
            warnings.warn("busy", () -> "Sluice ingest at " + config.endpoint()
                    + " takes batches slower than the application logs: dropping TRACE/DEBUG/INFO events", null);
            return polledThisRound < POLL_LIMIT;
        }
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
        return polledThisRound < POLL_LIMIT && ready.isEmpty();
    }

    private void addToLane(int severity) {
        Lane lane = lanes[Lane.of(severity)];
        int size = writer.encode();
        if (!lane.isEmpty() && (lane.count >= config.batchSize() || lane.events.size() + size + KEY_BYTES > config.batchBytes())) {
            ready.add(seal(lane));
        }
        writer.appendTo(lane.events);
        lane.added(severity, System.nanoTime());
        if (lane.count >= config.batchSize() || lane.events.size() + KEY_BYTES >= config.batchBytes()) {
            ready.add(seal(lane));
        }
    }

    private void sealDue(long now, boolean urgent) {
        if (backlogged()) {
            // Every call slot and waiting place is taken: a lane keeps filling rather than
            // sealing a batch that could only be dropped or spooled.
            return;
        }
        for (Lane lane : lanes) {
            if (!lane.isEmpty() && (urgent || now - lane.firstNanos >= config.linger().toNanos())) {
                dispatch(seal(lane));
            }
        }
    }

    private Sealed seal(Lane lane) {
        long seq = ++sequence;
        String key = instanceId + ":" + seq;
        lane.events.writeStringField(2, key);
        Sealed sealed = new Sealed(seq, key, lane.index, lane.events, lane.bySeverity.clone());
        lane.clear(pool.take());
        return sealed;
    }

    /**
     * A sealed batch is sent at once when no retry pause runs, a call slot is free and the breaker
     * allows it; it waits in memory for a call slot while ingest is healthy but busy (a few batches
     * at most). Past that, ingest is slower than the application: a TRACE/DEBUG/INFO batch is
     * dropped and counted (as the ring would have dropped its events) while calls are still being
     * answered, so a slow ingest never turns every batch into a disk write; WARN and ERROR
     * batches, and every batch once calls stop being answered or fail, are spooled.
     */
    private void dispatch(Sealed sealed) {
        if (!finishing && canSendNow()) {
            sendWaiting();
            if (inFlight < config.maxInFlight() && waiting.isEmpty() && breaker.tryAcquirePermission()) {
                startSend(sealed);
                return;
            }
            if (waiting.size() < maxWaiting || !ringUnderPressure()) {
                // Past the limit only by the few batches of one round: the worker stops taking
                // events in while it is backlogged.
                waiting.addLast(sealed);
                return;
            }
            if (sealed.laneIndex() == Lane.LOW && !callsStuck()) {
                counters.dropped(sealed.counts());
                pool.release(sealed.buffer());
                warnings.warn("busy", () -> "Sluice ingest at " + config.endpoint()
                        + " takes batches slower than the application logs: dropping TRACE/DEBUG/INFO events", null);
                return;
            }
        }
        toSpool(sealed);
    }

    /** Sends batches waiting for a call slot, oldest first, while slots are free and sending is allowed. */
    private int sendWaiting() {
        int started = 0;
        while (!waiting.isEmpty() && inFlight < config.maxInFlight() && canSendNow()) {
            if (!breaker.tryAcquirePermission()) {
                spoolWaiting();
                break;
            }
            startSend(waiting.pollFirst());
            started++;
        }
        return started;
    }

    private void spoolWaiting() {
        for (Sealed w = waiting.pollFirst(); w != null; w = waiting.pollFirst()) {
            toSpool(w);
        }
    }

    /**
     * Whether ingest is busy (every call slot taken, the waiting batches at their limit) while the
     * ring still has room: then the worker leaves events in the ring, so a short burst costs
     * nothing extra. Once only twice the WARN/ERROR reserve is left it takes them in again
     * ({@link #dispatch} spools or drops them), so a hung ingest never fills the ring with WARN
     * and ERROR events.
     */
    private boolean backlogged() {
        return inFlight >= config.maxInFlight() && waiting.size() >= maxWaiting && !ringUnderPressure();
    }

    /** Whether no more than twice the WARN/ERROR reserve of the ring is left. */
    private boolean ringUnderPressure() {
        return ring.remainingCapacity() <= 2L * reserve;
    }

    /** Whether a call has been waiting for its answer longer than {@value #STUCK_MILLIS} ms. */
    private boolean callsStuck() {
        long now = System.nanoTime();
        for (Call call : calls) {
            if (now - call.startNanos > STUCK_NANOS) {
                return true;
            }
        }
        return false;
    }

    private boolean canSendNow() {
        return System.nanoTime() - nextAttemptNanos >= 0 && !(closing && pastCloseDeadline());
    }

    /** Spools a live batch (a copy: its buffer goes back to the pool) and counts its events as spooled. */
    private void toSpool(Sealed sealed) {
        try {
            spoolCopy(sealed);
        } finally {
            pool.release(sealed.buffer());
        }
    }

    private void spoolCopy(Sealed sealed) {
        int length = sealed.buffer().size();
        if (sealed.laneIndex() == Lane.LOW && spool.bytesUsed() + length > spool.maxBytes() * LOW_LEVEL_SPOOL_SHARE) {
            counters.dropped(sealed.counts());
            counters.batchFailed();
            warnings.warn("spool-low", () -> "Sluice agent spool is above 80% of its quota: dropping TRACE/DEBUG/INFO batches", null);
            return;
        }
        // The spool keeps batches in sequence order; with several calls in flight a batch can fail
        // after a later one was spooled: it then gets a fresh spool position but keeps its key.
        long position = sealed.sequence() > spool.highestSequence() ? sealed.sequence() : ++sequence;
        PendingBatch batch = new PendingBatch(position, sealed.key(), sealed.laneIndex() == Lane.ERROR,
                sealed.buffer().toByteArray());
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

    /** Starts resending the oldest spooled batch (priority lane first) when allowed; one at a time. */
    private int drainSpool() {
        if (spoolInFlight != null || spool.pendingBatches() == 0 || inFlight >= config.maxInFlight() || !canSendNow()
                || !breaker.tryAcquirePermission()) {
            return 0;
        }
        Optional<PendingBatch> next = spool.next();
        if (next.isEmpty()) {
            breaker.releasePermission();
            return 0;
        }
        PendingBatch batch = next.get();
        Call call = new Call(null, batch, liveSpooled.get(batch.sequence()));
        spoolInFlight = call;
        start(call, batch.payload(), batch.payload().length);
        return 1;
    }

    private void startSend(Sealed sealed) {
        start(new Call(sealed, null, sealed.counts()), sealed.buffer().array(), sealed.buffer().size());
    }

    /** Starts one Push call, a breaker permission already acquired; its outcome arrives in {@link #completions}. */
    private void start(Call call, byte[] bytes, int length) {
        long timeout = config.sendTimeout().toNanos();
        if (closing) {
            timeout = Math.max(1, Math.min(timeout, closeDeadlineNanos - System.nanoTime()));
        }
        if (failureStreak > 0) {
            counters.retried();
        }
        inFlight++;
        calls.add(call);
        call.startNanos = System.nanoTime();
        try {
            sender.send(bytes, length, timeout, call);
        } catch (RuntimeException e) {
            call.failed(new SendException("unexpected failure: " + e, false, e));
        }
    }

    /** Settles every call whose outcome has arrived. */
    private int settleCompletions() {
        int settled = 0;
        for (Call call = completions.poll(); call != null; call = completions.poll()) {
            inFlight--;
            calls.remove(call);
            settle(call);
            settled++;
        }
        return settled;
    }

    private void settle(Call call) {
        long took = System.nanoTime() - call.startNanos;
        SendException failure = call.failure;
        if (failure == null) {
            SendResult result = call.result;
            breaker.onSuccess(took, TimeUnit.NANOSECONDS);
            listener.sent(took, true);
            failureStreak = 0;
            if (result.rejected() > 0) {
                warnings.warn("rejected", () -> "Sluice ingest refused " + result.rejected() + " events: " + result.error(), null);
            }
            counters.delivered(result.accepted(), result.rejected(), call.liveCounts == null ? 0 : sum(call.liveCounts));
            done(call, true);
            return;
        }
        listener.sent(took, false);
        if (!failure.isTransient() && !failure.isAccessRefused()) {
            breaker.onSuccess(took, TimeUnit.NANOSECONDS);
            giveUp(call, failure.getMessage());
            done(call, true);
            return;
        }
        breaker.onError(took, TimeUnit.NANOSECONDS, failure);
        if (failure.isAccessRefused()) {
            accessRefused(failure);
        } else {
            long pause = failure.retryAfterNanos() >= 0 ? Math.min(failure.retryAfterNanos(), MAX_RETRY_HINT_NANOS)
                    : backoff.pauseNanos(failureStreak);
            failureStreak++;
            nextAttemptNanos = System.nanoTime() + pause;
            warnings.warn("transient", () -> "Sluice ingest at " + config.endpoint() + " did not acknowledge a batch ("
                    + failure.getMessage() + "); it is spooled and sent again later", null);
        }
        done(call, false);
        spoolWaiting();
    }

    /** Ends a call: a delivered (or given up) spooled batch leaves the spool; a live one is spooled unless delivered. */
    private void done(Call call, boolean finished) {
        if (call.spooled != null) {
            spoolInFlight = null;
            if (finished) {
                spool.ack(call.spooled.sequence());
                liveSpooled.remove(call.spooled.sequence());
                counters.spoolBytes(spool.bytesUsed());
            }
        } else if (finished) {
            pool.release(call.sealed.buffer());
        } else {
            toSpool(call.sealed);
        }
    }

    /**
     * Ingest refused the key or tenant: keep the batch (it is spooled), wait the longest backoff,
     * since an operator fixes keys without restarting the application, and say so loudly.
     */
    private void accessRefused(SendException e) {
        counters.accessRefused();
        failureStreak++;
        nextAttemptNanos = System.nanoTime() + config.maxRetryBackoff().toNanos();
        warnings.alarm("access", () -> "API key refused by ingest: " + e.getMessage() + " (ingest at " + config.endpoint()
                + ", tenant " + (config.access().tenant() == null ? "of the key" : config.access().tenant())
                + "); batches are kept in the spool and sent again every " + config.maxRetryBackoff().toSeconds()
                + " s; set sluice.agent.api-key", null);
    }

    private void giveUp(Call call, String why) {
        counters.batchFailed();
        counters.dropped(call.liveCounts != null ? call.liveCounts : countLevels(call.spooled));
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

    private boolean ringEmpty() {
        return ring.remainingCapacity() == ring.getBufferSize();
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
        /** The encoder's reusable holder of this slot (null when it has none), filled through {@link #tryClaim}. */
        final Object holder;
        Object payload;
        int severity;

        Slot(Object holder) {
            this.holder = holder;
        }
    }

    /** A batch sealed by the worker: its pooled buffer, key and per-level counts. */
    private record Sealed(long sequence, String key, int laneIndex, ByteSink buffer, int[] counts) {
    }

    /**
     * One Push call in flight, of a live batch ({@code sealed}) or a spooled one ({@code spooled}).
     * The sender's callback records the outcome on a transport thread and hands the call back to
     * the worker through {@link #completions}; everything else happens on the worker.
     */
    private final class Call implements BatchSender.Callback {

        final Sealed sealed;
        final PendingBatch spooled;
        final int[] liveCounts;
        long startNanos;
        volatile SendResult result;
        volatile SendException failure;

        Call(Sealed sealed, PendingBatch spooled, int[] liveCounts) {
            this.sealed = sealed;
            this.spooled = spooled;
            this.liveCounts = liveCounts;
        }

        @Override
        public void completed(SendResult sendResult) {
            result = sendResult;
            completions.add(this);
            LockSupport.unpark(worker);
        }

        @Override
        public void failed(SendException sendFailure) {
            failure = sendFailure;
            completions.add(this);
            LockSupport.unpark(worker);
        }
    }
}
