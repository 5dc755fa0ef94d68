package io.sluice.pipeline.rules;

import io.lettuce.core.RedisClient;
import io.sluice.platform.redis.ChannelSubscription;
import io.sluice.platform.redis.SluiceRedis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Spreads rule changes to every pipeline instance: the instance that changed a tenant's rules
 * reloads them and publishes the tenant on the Redis channel {@code {prefix}pipeline:rules}; every
 * instance, subscribed, reloads that tenant (typically within milliseconds). After the
 * subscription is (re)established every tenant's version is checked, since messages sent while it
 * was down are lost; {@link RuleVersionCheck} covers anything else.
 */
public class RuleChanges extends ChannelSubscription {

    private static final Logger log = LoggerFactory.getLogger(RuleChanges.class);

    private final SluiceRedis redis;
    private final RuleSnapshots snapshots;

    /** Subscribes with {@code client}, publishes with {@code redis}, reloads {@code snapshots}. */
    public RuleChanges(RedisClient client, SluiceRedis redis, RuleSnapshots snapshots) {
        super(client, redis.keys().key("pipeline:rules"));
        this.redis = redis;
        this.snapshots = snapshots;
    }

    /**
     * Reloads {@code tenant} here and tells every other instance to; a publish failure is logged
     * (the periodic version check still brings the others up to date).
     */
    public Mono<Void> changed(String tenant) {
        return snapshots.reload(tenant)
                .onErrorResume(e -> {
                    log.warn("could not reload the rules of tenant {} after a change: {}", tenant, e.toString());
                    return Mono.empty();
                })
                .then(Mono.defer(() -> redis.strings().publish(channel(), tenant)))
                .doOnError(e -> log.warn("could not publish a rule change on {}: {}", channel(), e.toString()))
                .onErrorComplete()
                .then();
    }

    @Override
    protected void received(String tenant) {
        snapshots.reload(tenant).subscribe(null,
                e -> log.warn("could not reload the rules of tenant {}: {}", tenant, e.toString()));
    }

    @Override
    protected void catchUp() {
        snapshots.refreshAll().subscribe(null, e -> log.warn("could not check the pipeline rule versions: {}", e.toString()));
    }
}
