package io.sluice.platform.stream;

import io.lettuce.core.XTrimArgs;
import io.sluice.platform.lifecycle.PeriodicTask;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps the buffer streams from growing forever: every {@code interval}, for every registered
 * stream, it asks Redis for every consumer group of the stream (XINFO GROUPS; pipeline's and
 * analytics' alike), takes for each the oldest entry it still needs (its smallest pending id from
 * the XPENDING summary, or else its last-delivered id), and removes with {@code XTRIM MINID} only
 * what lies before the smallest of these. An entry some group has not acknowledged, or not yet
 * received, is never removed. A stream without any group is not trimmed (a group created later at
 * id 0 expects the whole stream); consumers create every group of {@code sluice.buffer.groups} when
 * they discover a stream, so a group whose service is not running yet still holds its entries. A
 * group created after a trim cannot see what was already removed.
 */
public class BufferTrimmer extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(BufferTrimmer.class);

    private final SluiceRedis redis;
    private final BufferRegistry registry;
    private final Duration interval;

    /** Trims every stream of {@code registry} every {@code interval}. */
    public BufferTrimmer(SluiceRedis redis, BufferRegistry registry, Duration interval) {
        super(interval, interval);
        this.redis = redis;
        this.registry = registry;
        this.interval = interval;
    }

    /** One round over every registered stream; emits how many entries were removed. */
    public Mono<Long> trimOnce() {
        return registry.streams()
                .flatMapMany(Flux::fromIterable)
                .concatMap(this::trim)
                .reduce(0L, Long::sum);
    }

    /** Trims one stream; emits how many entries were removed. */
    public Mono<Long> trim(String stream) {
        return redis.strings().xinfoGroups(stream)
                .map(BufferTrimmer::toGroup)
                .concatMap(g -> g.pending() == 0
                        ? Mono.just(g.lastDeliveredId())
                        : redis.strings().xpending(stream, g.name())
                                .map(p -> p.getMessageIds() != null && p.getMessageIds().getLower().getValue() != null
                                        ? p.getMessageIds().getLower().getValue()
                                        : g.lastDeliveredId()))
                .collectList()
                .flatMap(needed -> needed.isEmpty()
                        ? Mono.just(0L)
                        : redis.strings().xtrim(stream, new XTrimArgs().minId(StreamIds.min(needed)).exactTrimming()))
                .onErrorResume(e -> e.getMessage() != null && e.getMessage().contains("no such key"), e -> Mono.just(0L));
    }

    private static Group toGroup(Object raw) {
        List<Object> pairs = new ArrayList<>();
        if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                pairs.add(k);
                pairs.add(v);
            });
        } else if (raw instanceof List<?> list) {
            pairs.addAll(list);
        } else {
            throw new IllegalStateException("unexpected XINFO GROUPS reply element: " + raw);
        }
        String name = null;
        String lastDelivered = "0-0";
        long pending = 0;
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            String key = String.valueOf(pairs.get(i));
            Object value = pairs.get(i + 1);
            switch (key) {
                case "name" -> name = String.valueOf(value);
                case "pending" -> pending = ((Number) value).longValue();
                case "last-delivered-id" -> lastDelivered = String.valueOf(value);
                default -> { }
            }
        }
        return new Group(name, pending, lastDelivered);
    }

    @Override
    protected Mono<Void> runOnce() {
        return trimOnce()
                .doOnNext(n -> {
                    if (n > 0) {
                        log.debug("trimmed {} buffer entries every consumer group has finished", n);
                    }
                })
                .onErrorResume(e -> {
                    log.warn("trimming the buffer failed; trying again in {}: {}", interval, GroupConsumer.describe(e));
                    return Mono.empty();
                })
                .then();
    }

    private record Group(String name, long pending, String lastDeliveredId) {
    }
}
