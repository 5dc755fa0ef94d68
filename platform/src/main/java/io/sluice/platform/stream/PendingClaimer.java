package io.sluice.platform.stream;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.models.stream.PendingMessage;
import io.sluice.platform.lifecycle.PeriodicTask;
import io.sluice.platform.redis.SluiceRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Takes over the work of consumers that died between XREADGROUP and XACK: every
 * {@code claim-interval}, for every stream its {@link GroupConsumer} reads, {@code XAUTOCLAIM
 * <stream> <group> <this consumer> <claim-min-idle> 0-0 COUNT n}, repeated until the cursor returns
 * to {@code 0-0}. Claimed entries whose delivery count (XPENDING) is now above
 * {@code max-deliveries} are dead-lettered and acknowledged (they keep killing or hanging their
 * consumers); the others are handled exactly like new entries. Rounds never overlap; a failed round
 * is logged and the next tick tries again. Started and stopped by its consumer.
 */
public final class PendingClaimer extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(PendingClaimer.class);
    private static final String START = "0-0";

    private final SluiceRedis redis;
    private final GroupSettings settings;
    private final GroupConsumer consumer;

    PendingClaimer(SluiceRedis redis, GroupSettings settings, GroupConsumer consumer) {
        super(settings.claimInterval(), settings.claimInterval());
        this.redis = redis;
        this.settings = settings;
        this.consumer = consumer;
    }

    /**
     * One round over every known stream; emits how many entries it claimed. Refreshes this
     * consumer's own held entries first, so it never claims what it is still handling.
     */
    public Mono<Long> claimAll() {
        return consumer.touchHeld().thenMany(Flux.fromIterable(consumer.streams()))
                .concatMap(stream -> claimFrom(stream, START, 0L))
                .reduce(0L, Long::sum);
    }

    private Mono<Long> claimFrom(String stream, String cursor, long soFar) {
        XAutoClaimArgs<String> args = XAutoClaimArgs.Builder.xautoclaim(consumer.me(), settings.claimMinIdle(), cursor)
                .count(settings.countPerStream());
        return redis.binary().xautoclaim(stream, args).flatMap(claimed -> {
            List<StreamMessage<String, byte[]>> messages = claimed.getMessages();
            String next = claimed.getId();
            boolean done = next == null || START.equals(next);
            long total = soFar + messages.size();
            Mono<Void> work = messages.isEmpty() ? Mono.empty() : handle(stream, messages);
            return work.then(done ? Mono.just(total) : Mono.defer(() -> claimFrom(stream, next, total)));
        });
    }

    private Mono<Void> handle(String stream, List<StreamMessage<String, byte[]>> messages) {
        consumer.listener().claimed(messages.size());
        log.info("group '{}' claimed {} entries of {} idle for at least {}", settings.group(), messages.size(), stream, settings.claimMinIdle());
        Range<String> range = Range.create(messages.get(0).getId(), messages.get(messages.size() - 1).getId());
        return redis.strings()
                .xpending(stream, consumer.me(), range, Limit.from(messages.size() + (long) settings.maxInFlight() * settings.countPerStream()))
                .collectMap(PendingMessage::getId, PendingMessage::getRedeliveryCount)
                .flatMap(deliveries -> {
                    List<StreamMessage<String, byte[]>> poison = new ArrayList<>();
                    List<StreamMessage<String, byte[]>> rest = new ArrayList<>();
                    for (StreamMessage<String, byte[]> m : messages) {
                        if (consumer.holds(stream, m.getId())) {
                            continue; // our own entry, still being handled here: leave it to that
                        }
                        (deliveries(deliveries, m) > settings.maxDeliveries() ? poison : rest).add(m);
                    }
                    Mono<Void> givenUp = poison.isEmpty() ? Mono.empty() : consumer.giveUp(new StreamBatch(stream, poison),
                            "delivered more than " + settings.maxDeliveries() + " times without being acknowledged");
                    return givenUp.then(rest.isEmpty() ? Mono.empty() : consumer.processClaimed(new StreamBatch(stream, rest)));
                });
    }

    private static long deliveries(Map<String, Long> deliveries, StreamMessage<String, byte[]> m) {
        Long n = deliveries.get(m.getId());
        return n == null ? 0 : n;
    }

    @Override
    protected Mono<Void> runOnce() {
        return claimAll().onErrorResume(e -> {
            log.warn("group '{}': claiming pending buffer entries failed; trying again in {}: {}", settings.group(), settings.claimInterval(),
                    GroupConsumer.describe(e));
            return Mono.empty();
        }).then();
    }
}
