package io.sluice.platform.stream;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The one consumer-group loop over the sharded buffer, used by pipeline and analytics alike.
 *
 * <p>Streams are discovered from the {@link BufferRegistry} at start and every
 * {@code discovery-interval}; on each new stream the group (and every group of
 * {@code sluice.buffer.groups}) is created at id 0 with MKSTREAM, and this consumer first re-reads
 * its own pending entries there (a consumer restarted under a fixed name finishes what it had
 * been given). Then each round is one {@code XREADGROUP GROUP g c COUNT n [BLOCK t] STREAMS s1 …
 * sk > … >} on a dedicated connection over every known stream that has no batch in flight, so each
 * stream contributes at most {@code count-per-stream} entries per round and has at most one batch
 * being handled: a stream with a huge backlog cannot starve the others, and a stream's entries are
 * handled in order. Each stream's part is one {@link StreamBatch} handed to the
 * {@link EntryHandler}, at most {@code max-in-flight} at once; what a round read beyond that waits
 * in a queue and the next read waits until the queue is empty and a slot is free (bounded memory,
 * backpressure on Redis rather than a growing queue). The read blocks only while nothing is in
 * flight; otherwise it does not block and the loop waits for a batch to finish (at most 100 ms).
 *
 * <p>A batch is acknowledged (XACK) only after the handler's Mono completed; rejected entries are
 * first copied to the dead-letter stream. A handler error leaves the batch pending and retries it
 * in memory with back-off (100 ms doubling to 10 s): an outage of MySQL or alert-service therefore
 * never dead-letters anything. While entries are held (queued, in flight or retrying) a heartbeat
 * resets their idle time every third of {@code claim-min-idle} (XCLAIM JUSTID, which does not count
 * as a delivery), so other instances take over only the entries of a consumer that stopped. The
 * {@link PendingClaimer} does that take-over, and dead-letters entries delivered more than
 * {@code max-deliveries} times.
 *
 * <p>Priority: a tenant's priority stream ({@code {<tenant>.p}}, its ERROR and FATAL events, see
 * {@link ShardRouter#partOf}) is read like any stream but its batches are dispatched ahead of the
 * others of a round, and while a round's batches are still waiting for a slot the priority streams
 * are polled again (without blocking, at most every {@value #PRIORITY_POLL_MILLIS} ms) and what
 * they hold jumps the queue. Numbered shards therefore get only the capacity errors leave; within
 * a stream, order and the one-batch-in-flight rule are unchanged, and acknowledgement is the same.
 *
 * <p>Stopping lets batches in flight finish (up to {@code shutdown-timeout}); what is abandoned
 * stays pending and is claimed by another instance.
 */
public class GroupConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupConsumer.class);
    private static final String START = "0-0";
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(10);
    private static final Duration BUSY_POLL = Duration.ofMillis(100);
    static final long PRIORITY_POLL_MILLIS = 50;

    private final SluiceRedis redis;
    private final BufferRegistry registry;
    private final DeadLetters deadLetters;
    private final GroupSettings settings;
    private final List<String> groups;
    private final EntryHandler handler;
    private final ConsumerListener listener;
    private final Consumer<String> me;
    private final Backoff readBackoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));
    private final PendingClaimer claimer;
    private final Duration heartbeat;
    private final Map<String, String> history = new ConcurrentHashMap<>();
    private final Map<StreamBatch, Disposable> inFlight = new ConcurrentHashMap<>();
    private final Deque<StreamBatch> queued = new ConcurrentLinkedDeque<>();
    private final Set<StreamBatch> claimedHeld = ConcurrentHashMap.newKeySet();
    private final Set<String> backlogged = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastWarn = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    private volatile List<String> streams = List.of();
    private volatile long discoveredAt;
    private volatile long priorityPolledAt;
    private volatile long lingerUntil;
    private volatile boolean discoverNow = true;
    private volatile boolean running;
    private volatile boolean loopDone;
    private volatile Disposable loop;
    private volatile Sinks.Empty<Void> stopSignal = Sinks.empty();
    private volatile Sinks.Empty<Void> finished = Sinks.empty();
    private volatile Sinks.Empty<Void> freed = Sinks.empty();
    private volatile Scheduler timer = Schedulers.immediate();
    private volatile Disposable beating;
    private int rotation;
    private StatefulRedisConnection<String, byte[]> connection;

    /**
     * A consumer as {@code settings} says that also creates {@code alsoCreate} (the configured
     * {@code sluice.buffer.groups}) on every stream it discovers.
     */
    public GroupConsumer(SluiceRedis redis, BufferRegistry registry, DeadLetters deadLetters, GroupSettings settings,
            List<String> alsoCreate, EntryHandler handler, ConsumerListener listener) {
        this.redis = redis;
        this.registry = registry;
        this.deadLetters = deadLetters;
        this.settings = settings;
        Set<String> all = new LinkedHashSet<>();
        all.add(settings.group());
        all.addAll(alsoCreate);
        this.groups = List.copyOf(all);
        this.handler = handler;
        this.listener = listener;
        this.me = Consumer.from(settings.group(), settings.consumerName());
        this.claimer = new PendingClaimer(redis, settings, this);
        Duration beat = settings.claimMinIdle().dividedBy(3);
        this.heartbeat = beat.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : beat;
    }

    /** The settings this consumer runs with. */
    public GroupSettings settings() {
        return settings;
    }

    /** The streams this consumer reads now (discovered, groups created). */
    public List<String> streams() {
        return streams;
    }

    /** The claimer of idle consumers' pending entries (runs while this consumer runs). */
    public PendingClaimer claimer() {
        return claimer;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        connection = redis.dedicatedBinary();
        // The loop's own timer thread: its waits and the heartbeat must not queue behind CPU work on the parallel scheduler.
        timer = Schedulers.newSingle("sluice-consumer-" + me.getGroup());
        stopSignal = Sinks.empty();
        finished = Sinks.empty();
        running = true;
        loopDone = false;
        discoverNow = true;
        log.info("consumer '{}' of group '{}' reading the buffer streams", me.getName(), me.getGroup());
        loop = Mono.defer(this::step)
                .repeat(() -> running)
                .doFinally(signal -> {
                    loopDone = true;
                    checkFinished();
                })
                .subscribe(v -> { }, e -> log.error("consumer of group '{}' stopped by an unexpected error", me.getGroup(), e));
        claimer.start();
        beating = Flux.interval(heartbeat, heartbeat, timer)
                .onBackpressureDrop()
                .concatMap(tick -> touchHeld(), 1)
                .subscribe();
    }

    // ---- reading

    /** One step of the loop: dispatch a queued batch, wait for a free slot, or read a round. */
    private Mono<Void> step() {
        if (inFlight.size() >= settings.maxInFlight()) {
            return awaitFreed();
        }
        if (!queued.isEmpty() && System.nanoTime() - priorityPolledAt >= TimeUnit.MILLISECONDS.toNanos(PRIORITY_POLL_MILLIS)) {
            List<String> priority = idlePriorityStreams();
            if (!priority.isEmpty()) {
                priorityPolledAt = System.nanoTime();
                return readNew(priority, false)
                        .doOnNext(batches -> {
                            for (int i = batches.size() - 1; i >= 0; i--) {
                                queued.addFirst(batches.get(i));
                            }
                        })
                        .then(Mono.defer(this::dispatchNext))
                        .onErrorResume(e -> {
                            log.warn("polling the priority streams in group '{}' failed: {}", me.getGroup(), describe(e));
                            return dispatchNext();
                        });
            }
        }
        return dispatchNext();
    }

    /** Priority streams with no batch in flight or queued and no pending history to re-read. */
    private List<String> idlePriorityStreams() {
        Set<String> busy = new HashSet<>();
        inFlight.keySet().forEach(b -> busy.add(b.stream()));
        queued.forEach(b -> busy.add(b.stream()));
        return streams.stream()
                .filter(ShardRouter::isPriorityStream)
                .filter(st -> !busy.contains(st) && !history.containsKey(st))
                .toList();
    }

    /** Dispatches the next queued batch, or reads a round when none is queued. */
    private Mono<Void> dispatchNext() {
        StreamBatch next = queued.poll();
        if (next != null) {
            dispatch(next);
            return Mono.empty();
        }
        return discover().then(Mono.defer(() -> {
            List<String> all = streams;
            if (all.isEmpty()) {
                return Mono.delay(settings.discoveryInterval(), timer).takeUntilOther(stopSignal.asMono()).then();
            }
            Set<String> busy = new HashSet<>();
            inFlight.keySet().forEach(b -> busy.add(b.stream()));
            List<String> eligible = all.stream().filter(st -> !busy.contains(st)).toList();
            if (eligible.isEmpty()) {
                return awaitFreed();
            }
            List<String> unread = eligible.stream().filter(history::containsKey).toList();
            long lingerLeft = lingerUntil - System.nanoTime();
            if (unread.isEmpty() && lingerLeft > 0) {
                return Mono.delay(Duration.ofNanos(lingerLeft), timer).takeUntilOther(stopSignal.asMono()).then();
            }
            boolean block = inFlight.isEmpty();
            Mono<List<StreamBatch>> read = unread.isEmpty() ? readNew(eligible, block) : readHistory(unread);
            return read.flatMap(batches -> {
                readBackoff.reset();
                queued.addAll(batches);
                if (unread.isEmpty()) {
                    lingerAfter(eligible, batches);
                }
                return batches.isEmpty() && !block && unread.isEmpty() ? awaitFreed() : Mono.<Void>empty();
            });
        })).onErrorResume(e -> {
            if (isMissingGroup(e)) {
                // A stream or group was deleted: find and create everything again.
                streams = List.of();
                history.clear();
                backlogged.clear();
                discoverNow = true;
            }
            Duration delay = readBackoff.next();
            log.warn("reading the buffer in group '{}' failed; retrying in {} ms: {}", me.getGroup(), delay.toMillis(), describe(e));
            return Mono.delay(delay, timer).takeUntilOther(stopSignal.asMono()).then();
        });
    }

    /**
     * Starts a linger after a round that found entries when no stream is known to have a backlog
     * (its last read filled the count; a stream with a batch in flight keeps that mark until it is
     * read again), so the next read waits and takes what gathered meanwhile in one batch per stream.
     */
    private void lingerAfter(List<String> read, List<StreamBatch> batches) {
        if (settings.linger().isZero()) {
            return;
        }
        read.forEach(backlogged::remove);
        for (StreamBatch b : batches) {
            if (b.entries().size() >= settings.countPerStream()) {
                backlogged.add(b.stream());
            }
        }
        if (!batches.isEmpty() && backlogged.isEmpty()) {
            lingerUntil = System.nanoTime() + settings.linger().toNanos();
        }
    }

    /** Completes when a batch finishes, or after {@link #BUSY_POLL} at the latest. */
    private Mono<Void> awaitFreed() {
        return freed.asMono().timeout(BUSY_POLL, Mono.empty(), timer).takeUntilOther(stopSignal.asMono());
    }

    private void dispatch(StreamBatch batch) {
        Disposable placeholder = Disposables.never();
        inFlight.put(batch, placeholder);
        Disposable d = process(batch).doFinally(signal -> {
            inFlight.remove(batch);
            Sinks.Empty<Void> done = freed;
            freed = Sinks.empty();
            done.tryEmitEmpty();
            if (!running) {
                checkFinished();
            }
        }).subscribe();
        inFlight.replace(batch, placeholder, d);
    }

    private Mono<Void> discover() {
        if (!discoverNow && System.nanoTime() - discoveredAt < settings.discoveryInterval().toNanos()) {
            return Mono.empty();
        }
        return registry.streams().flatMap(all -> {
            Set<String> known = new HashSet<>(streams);
            List<String> fresh = all.stream().filter(s -> !known.contains(s)).toList();
            return Flux.fromIterable(fresh).concatMap(s -> ensureGroups(s).thenReturn(s)).collectList();
        }).doOnNext(added -> {
            if (!added.isEmpty()) {
                added.forEach(s -> history.put(s, START));
                List<String> next = new ArrayList<>(streams);
                next.addAll(added);
                streams = List.copyOf(next);
                log.info("group '{}' now reads {} buffer streams ({} new)", me.getGroup(), next.size(), added.size());
            }
            discoverNow = false;
            discoveredAt = System.nanoTime();
        }).then();
    }

    private Mono<Void> ensureGroups(String stream) {
        return Flux.fromIterable(groups)
                .concatMap(group -> redis.strings()
                        .xgroupCreate(StreamOffset.from(stream, "0"), group, XGroupCreateArgs.Builder.mkstream())
                        .onErrorResume(e -> e.getMessage() != null && e.getMessage().startsWith("BUSYGROUP"), e -> Mono.empty()))
                .then();
    }

    private Mono<List<StreamBatch>> readNew(List<String> eligible, boolean block) {
        XReadArgs args = XReadArgs.Builder.count(settings.countPerStream());
        if (block) {
            args.block(settings.block());
        }
        @SuppressWarnings("unchecked")
        StreamOffset<String>[] offsets = eligible.stream().map(StreamOffset::lastConsumed).toArray(StreamOffset[]::new);
        return connection.reactive().xreadgroup(me, args, offsets).collectList().map(this::byStream);
    }

    private Mono<List<StreamBatch>> readHistory(List<String> unread) {
        XReadArgs args = XReadArgs.Builder.count(settings.countPerStream());
        @SuppressWarnings("unchecked")
        StreamOffset<String>[] offsets = unread.stream().map(s -> StreamOffset.from(s, history.get(s))).toArray(StreamOffset[]::new);
        return connection.reactive().xreadgroup(me, args, offsets).collectList().map(messages -> {
            List<StreamBatch> batches = byStream(messages);
            Set<String> found = new HashSet<>();
            for (StreamBatch b : batches) {
                found.add(b.stream());
                history.put(b.stream(), b.entries().get(b.entries().size() - 1).getId());
            }
            unread.stream().filter(s -> !found.contains(s)).forEach(history::remove);
            return batches;
        });
    }

    private List<StreamBatch> byStream(List<StreamMessage<String, byte[]>> messages) {
        Map<String, List<StreamMessage<String, byte[]>>> parts = new LinkedHashMap<>();
        for (StreamMessage<String, byte[]> m : messages) {
            parts.computeIfAbsent(m.getStream(), k -> new ArrayList<>()).add(m);
        }
        List<StreamBatch> batches = new ArrayList<>(parts.size());
        parts.forEach((stream, entries) -> batches.add(new StreamBatch(stream, entries)));
        if (batches.size() > 1) {
            // Streams are listed in the same order every round; rotate who is dispatched first.
            Collections.rotate(batches, rotation++ % batches.size());
            // Priority streams first: they take the free slots, the others get what is left.
            batches.sort(Comparator.comparing((StreamBatch b) -> !ShardRouter.isPriorityStream(b.stream())));
        }
        return batches;
    }

    /** Whether entry {@code id} of {@code stream} is queued or in flight here. */
    boolean holds(String stream, String id) {
        for (StreamBatch b : held()) {
            if (b.stream().equals(stream) && b.ids().contains(id)) {
                return true;
            }
        }
        return false;
    }

    private List<StreamBatch> held() {
        List<StreamBatch> held = new ArrayList<>(inFlight.keySet());
        held.addAll(queued);
        held.addAll(claimedHeld);
        return held;
    }

    /** Resets the idle time of every entry held here without counting a delivery. */
    Mono<Void> touchHeld() {
        return Flux.fromIterable(held())
                .concatMap(b -> redis.strings()
                        .xclaim(b.stream(), me, XClaimArgs.Builder.justid().minIdleTime(0), b.ids().toArray(String[]::new))
                        .then()
                        .onErrorResume(e -> Mono.empty()))
                .then();
    }

    // ---- processing

    /** Like {@link #process}, for a batch the claimer took over: held (kept fresh by the heartbeat) while it runs. */
    Mono<Void> processClaimed(StreamBatch batch) {
        return Mono.defer(() -> {
            claimedHeld.add(batch);
            return process(batch).doFinally(signal -> claimedHeld.remove(batch));
        });
    }

    /** Handles {@code batch} and acknowledges it, retrying while this consumer runs; never errors. */
    Mono<Void> process(StreamBatch batch) {
        return attempt(batch, new Backoff(Duration.ofMillis(100), MAX_RETRY_DELAY));
    }

    private Mono<Void> attempt(StreamBatch batch, Backoff backoff) {
        return Mono.defer(() -> handler.handle(batch))
                .defaultIfEmpty(List.of())
                .flatMap(rejected -> deadLetter(batch, rejected).then(ack(batch.stream(), batch.ids())))
                .onErrorResume(e -> {
                    listener.failed();
                    if (!running) {
                        log.info("{} entries of {} left pending at shutdown: {}", batch.entries().size(), batch.stream(), describe(e));
                        return Mono.empty();
                    }
                    Duration delay = backoff.next();
                    warnThrottled("processing " + batch.entries().size() + " entries of " + batch.stream() + " failed, nothing acknowledged; retrying in "
                            + delay.toMillis() + " ms: " + describe(e));
                    return Mono.delay(delay, timer).takeUntilOther(stopSignal.asMono())
                            .then(Mono.defer(() -> running ? attempt(batch, backoff) : Mono.empty()));
                });
    }

    private Mono<Void> deadLetter(StreamBatch batch, List<Rejected> rejected) {
        if (rejected.isEmpty()) {
            return Mono.empty();
        }
        Map<String, StreamMessage<String, byte[]>> byId = new LinkedHashMap<>();
        batch.entries().forEach(m -> byId.put(m.getId(), m));
        return Flux.fromIterable(rejected)
                .concatMap(r -> {
                    StreamMessage<String, byte[]> m = byId.get(r.entryId());
                    byte[] payload = m == null || m.getBody() == null ? null : m.getBody().get("b");
                    log.warn("buffer entry {} of {} is dead-lettered by group '{}': {}", r.entryId(), batch.stream(), me.getGroup(), r.reason());
                    return deadLetters.add(batch.stream(), r.entryId(), me.getGroup(), payload, r.reason());
                })
                .then(Mono.fromRunnable(() -> listener.deadLettered(rejected.size())));
    }

    /** Dead-letters every entry of {@code batch} for {@code reason} and acknowledges them. */
    Mono<Void> giveUp(StreamBatch batch, String reason) {
        List<Rejected> rejected = batch.ids().stream().map(id -> new Rejected(id, reason)).toList();
        return deadLetter(batch, rejected).then(ack(batch.stream(), batch.ids()));
    }

    private Mono<Void> ack(String stream, List<String> ids) {
        if (ids.isEmpty()) {
            return Mono.empty();
        }
        return redis.strings().xack(stream, me.getGroup(), ids.toArray(String[]::new))
                .doOnNext(n -> listener.acked(ids.size()))
                .then();
    }

    ConsumerListener listener() {
        return listener;
    }

    Consumer<String> me() {
        return me;
    }

    // ---- stopping

    @Override
    public void stop(Runnable callback) {
        Mono<Void> done = signalStop();
        if (done == null) {
            callback.run();
            return;
        }
        done.timeout(settings.shutdownTimeout())
                .onErrorResume(TimeoutException.class, e -> {
                    abandon();
                    return Mono.empty();
                })
                .doFinally(s -> callback.run())
                .subscribe();
    }

    @Override
    public void stop() {
        Mono<Void> done = signalStop();
        if (done == null) {
            return;
        }
        try {
            done.toFuture().get(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            abandon();
        }
    }

    private void abandon() {
        log.warn("consumer '{}' did not finish its batches within {}; abandoning them (they stay pending and will be claimed)",
                me.getName(), settings.shutdownTimeout());
        Disposable d = loop;
        if (d != null) {
            d.dispose();
        }
        inFlight.values().forEach(Disposable::dispose);
        queued.clear();
        timer.dispose();
    }

    private synchronized Mono<Void> signalStop() {
        if (!running) {
            return null;
        }
        running = false;
        claimer.stop();
        Disposable beat = beating;
        if (beat != null) {
            beat.dispose();
        }
        stopSignal.tryEmitEmpty();
        queued.clear(); // read but not started: they stay pending and are claimed elsewhere
        checkFinished();
        return finished.asMono();
    }

    private void checkFinished() {
        if (loopDone && inFlight.isEmpty()) {
            finished.tryEmitEmpty();
            timer.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    // ---- helpers

    /** Whether {@code error} says a group (or its stream) no longer exists. */
    static boolean isMissingGroup(Throwable error) {
        return error.getMessage() != null && error.getMessage().startsWith("NOGROUP");
    }

    /** The most specific cause's type and message, cut to a few hundred characters. */
    static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private void warnThrottled(String message) {
        long now = System.nanoTime();
        long last = lastWarn.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarn.compareAndSet(last, now)) {
            log.warn("group '{}': {}", me.getGroup(), message);
        } else {
            log.debug("group '{}': {}", me.getGroup(), message);
        }
    }
}
