package io.sluice.platform.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Redis client beans shared by every service in the JVM. Imported by each service configuration;
 * Spring de-duplicates the import when the standalone composes several services.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SluiceRedisProperties.class)
public class RedisConfiguration {

    @Bean(destroyMethod = "shutdown")
    @ConditionalOnMissingBean
    ClientResources sluiceRedisClientResources() {
        return DefaultClientResources.create();
    }

    @Bean(destroyMethod = "shutdown")
    @ConditionalOnMissingBean
    RedisClient sluiceRedisClient(ClientResources resources, SluiceRedisProperties properties) {
        RedisClient client = RedisClient.create(resources, properties.url());
        // Bounded: a Redis outage fails commands fast (callers answer 503 / retry) instead of
        // queueing them without limit in memory.
        client.setOptions(ClientOptions.builder()
                .requestQueueSize(properties.requestQueueSize())
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        return client;
    }

    @Bean
    @ConditionalOnMissingBean
    RedisKeys sluiceRedisKeys(SluiceRedisProperties properties) {
        return new RedisKeys(properties.keyPrefix());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    SluiceRedis sluiceRedis(RedisClient client, RedisKeys keys) {
        return new SluiceRedis(client, keys);
    }
}
