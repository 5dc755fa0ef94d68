package io.sluice.platform.stream;

import io.sluice.platform.redis.RedisConfiguration;
import io.sluice.platform.redis.SluiceRedis;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The buffer's shared pieces: its settings ({@code sluice.buffer.*}), the stream registry and the
 * dead-letter stream. Imported by ingest, pipeline and analytics; Spring de-duplicates the import
 * in the standalone.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BufferProperties.class)
@Import(RedisConfiguration.class)
public class BufferConfiguration {

    @Bean
    @ConditionalOnMissingBean
    BufferRegistry sluiceBufferRegistry(SluiceRedis redis) {
        return new BufferRegistry(redis);
    }

    @Bean
    @ConditionalOnMissingBean
    DeadLetters sluiceBufferDeadLetters(SluiceRedis redis) {
        return new DeadLetters(redis);
    }
}
