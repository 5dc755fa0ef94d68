package io.sluice.logstore.hot;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.logstore.engine.QueryLimitException;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Reads a tenant's hot stream ({@link HotTierKeys}) for a query's time range.
 *
 * <p>Stream ids are the milliseconds of the pipeline's XADD, not event times; an event is written
 * at or after its own time except for clocks running ahead, which ingest bounds
 * ({@code sluice.ingest.limits.max-future}, passed here as {@code clockSkew}). So the stream holds
 * every event whose time is at least its oldest id plus that skew: that is the range it covers
 * completely. The hot tier answers a range only when it covers all of it: then the reader pages
 * backwards (XREVRANGE, about {@code pageSize} events a call: an entry holds one buffer entry's
 * events, {@link HotEntryCodec}, so the first call asks for a few entries and each later one for as
 * many as held {@code pageSize} events so far) from the newest entry down to the oldest id
 * that can still hold an event of the range ({@code from - clockSkew}), decodes on
 * {@code decodeScheduler} and keeps the events whose time falls in the range. A range starting
 * before the covered time is left wholly to the archive without reading the stream: the pipeline
 * writes the archive before the hot tier, so the archive holds every hot event, and the late
 * events of such a range could sit anywhere in the stream. So a read is bounded by the query's
 * start, never the whole stream, and no event is answered by both tiers. It never reads more
 * than {@code maxEvents} events (the writer caps the stream, so this only trips on a
 * misconfiguration); beyond that the query fails with a {@link QueryLimitException}. Entries of
 * both formats ({@link HotEntryCodec}) are read, so a stream written before the batch format still
 * answers during its hot window.
 */
public class HotTierReader {

    private static final Logger log = LoggerFactory.getLogger(HotTierReader.class);
    /** Entries asked for by the first XREVRANGE, before the events per entry are known. */
    private static final int FIRST_PAGE_ENTRIES = 16;

    private final SluiceRedis redis;
    private final Duration clockSkew;
    private final int pageSize;
    private final long maxEvents;
    private final Scheduler decodeScheduler;

    /** A reader over {@code redis}'s hot streams. */
    public HotTierReader(SluiceRedis redis, Duration clockSkew, int pageSize, long maxEvents, Scheduler decodeScheduler) {
        this.redis = redis;
        this.clockSkew = clockSkew;
        this.pageSize = pageSize;
        this.maxEvents = maxEvents;
        this.decodeScheduler = decodeScheduler;
    }

    /** The hot events of {@code tenant} with time in {@code [fromNanos, toNanos)}, and what the stream covers. */
    public Mono<HotWindow> read(String tenant, long fromNanos, long toNanos) {
        String key = HotTierKeys.stream(redis.keys(), tenant);
        return redis.binary().xrange(key, Range.create("-", "+"), Limit.from(1)).next()
                .flatMap(oldest -> {
                    long oldestMillis = millisOf(oldest.getId());
                    long covered = Math.multiplyExact(oldestMillis, 1_000_000L) + clockSkew.toNanos();
                    if (fromNanos < covered) {
                        // The archive must answer part of this range anyway, and it holds every hot event (the
                        // pipeline archives first): reading the stream would only find duplicates, at the cost of
                        // the whole stream (late events can sit anywhere in it).
                        return Mono.just(HotWindow.NONE);
                    }
                    // An event of time t was added at t - skew or later: entries older than that cannot hold one.
                    long lowestMillis = Math.max(oldestMillis, Math.floorDiv(fromNanos - clockSkew.toNanos(), 1_000_000L));
                    return pages(key, lowestMillis)
                            .publishOn(decodeScheduler)
                            .reduceWith(Acc::new, (acc, page) -> acc.add(page.messages(), fromNanos, toNanos, maxEvents))
                            .map(acc -> new HotWindow(acc.events, covered, acc.scanned));
                })
                .defaultIfEmpty(HotWindow.NONE);
    }

    private Flux<Page> pages(String key, long lowestMillis) {
        String lowest = Long.toString(lowestMillis);
        return page(key, "+", lowest, Math.min(pageSize, FIRST_PAGE_ENTRIES), 0, 0)
                .expand(p -> p.last() ? Mono.empty()
                        : page(key, "(" + p.oldestId(), lowest, p.nextCount(pageSize), p.entriesSoFar(), p.eventsSoFar()));
    }

    private Mono<Page> page(String key, String upper, String lowest, int count, long entriesBefore, long eventsBefore) {
        return redis.binary().xrevrange(key, Range.create(lowest, upper), Limit.from(count)).collectList()
                .filter(p -> !p.isEmpty())
                .map(p -> {
                    long events = 0;
                    for (StreamMessage<String, byte[]> m : p) {
                        events += HotEntryCodec.count(m.getBody());
                    }
                    return new Page(p, p.size() < count, entriesBefore + p.size(), eventsBefore + events);
                });
    }

    private static long millisOf(String streamId) {
        int dash = streamId.indexOf('-');
        return Long.parseLong(dash < 0 ? streamId : streamId.substring(0, dash));
    }

    /**
     * One XREVRANGE reply, newest first, with what was read up to and including it.
     *
     * @param last whether the stream holds nothing further down the range (the reply was short)
     */
    private record Page(List<StreamMessage<String, byte[]>> messages, boolean last, long entriesSoFar, long eventsSoFar) {

        String oldestId() {
            return messages.get(messages.size() - 1).getId();
        }

        /** Entries that held about {@code pageSize} events so far. */
        int nextCount(int pageSize) {
            long perEntry = Math.max(1, eventsSoFar / Math.max(1, entriesSoFar));
            return (int) Math.max(1, Math.min(pageSize, pageSize / perEntry));
        }
    }

    /** Events of the range collected so far; touched by one thread at a time (reduce). */
    private static final class Acc {
        private final List<ArchivedEvent> events = new ArrayList<>();
        private long scanned;

        Acc add(List<StreamMessage<String, byte[]>> page, long fromNanos, long toNanos, long maxEvents) {
            for (StreamMessage<String, byte[]> m : page) {
                List<LogEvent> decoded;
                try {
                    decoded = HotEntryCodec.decode(m.getBody());
                } catch (InvalidProtocolBufferException ex) {
                    log.warn("skipping undecodable hot-tier entry {}: {}", m.getId(), ex.getMessage());
                    continue;
                }
                scanned += decoded.size();
                if (scanned > maxEvents) {
                    throw new QueryLimitException("the hot tier holds more than " + maxEvents
                            + " events for this range; narrow the time range (sluice.logstore.engine.max-hot-events)");
                }
                for (LogEvent e : decoded) {
                    long ts = e.getTimestampUnixNanos();
                    if (ts >= fromNanos && ts < toNanos) {
                        events.add(ArchivedEvent.of(e, e.getFieldsJson()));
                    }
                }
            }
            return this;
        }
    }
}
