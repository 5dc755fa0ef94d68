package io.sluice.platform.redis;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Sluice's Redis is and how its keys are named.
 *
 * @param url Redis URI (env {@code SLUICE_REDIS_URL}), e.g. {@code redis://127.0.0.1:6379}
 * @param keyPrefix prefix of every key Sluice writes, so several installations (or test classes)
 *     can share one Redis
 * @param requestQueueSize most commands one connection holds in flight before new ones are
 *     rejected (bounds memory when Redis is slow)
 */
@ConfigurationProperties("sluice.redis")
public record SluiceRedisProperties(
        @DefaultValue("redis://127.0.0.1:6379") String url,
        @DefaultValue("sluice:") String keyPrefix,
        @DefaultValue("100000") int requestQueueSize) {
}
