package io.sluice.pipeline.consume;

import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.sluice.platform.redis.SluiceRedis;
import reactor.core.publisher.Mono;

/**
 * The pipeline's consumer group on the buffer stream. Created at id {@code 0} with MKSTREAM, so
 * that batches ingested before the first pipeline started are processed too; creating it again
 * is a no-op.
 */
public class ConsumerGroup {

    private final SluiceRedis redis;
    private final String name;

    /** The group {@code name} on {@code redis}'s buffer stream. */
    public ConsumerGroup(SluiceRedis redis, String name) {
        this.redis = redis;
        this.name = name;
    }

    /** The group name. */
    public String name() {
        return name;
    }

    /** The buffer stream's key. */
    public String stream() {
        return redis.keys().bufferStream();
    }

    /** Creates the group (and the stream) unless it exists. */
    public Mono<Void> ensure() {
        return redis.strings().xgroupCreate(StreamOffset.from(stream(), "0"), name, XGroupCreateArgs.Builder.mkstream())
                .onErrorResume(e -> e.getMessage() != null && e.getMessage().startsWith("BUSYGROUP"), e -> Mono.empty())
                .then();
    }

    /** Whether {@code error} says the group (or the stream) no longer exists. */
    static boolean isMissingGroup(Throwable error) {
        return error.getMessage() != null && error.getMessage().startsWith("NOGROUP");
    }
}
