package io.sluice.logstore.retention;

import io.sluice.logstore.schema.ChunkPartitions;
import io.sluice.logstore.shard.ArchiveShards;
import io.sluice.logstore.store.ChunkStoreProperties;
import io.sluice.platform.redis.RedisConfiguration;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The retention job of the chunked archive, in every process that uses the archive (the Redis lock
 * lets one run at a time). Switched off with {@code sluice.logstore.retention.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "sluice.logstore.retention.enabled", matchIfMissing = true)
@Import(RedisConfiguration.class)
public class RetentionConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RetentionJob sluiceRetentionJob(ArchiveShards shards, ChunkPartitions partitions, ChunkStoreProperties properties, SluiceRedis redis) {
        ChunkStoreProperties.Retention retention = properties.retention();
        ClusterLock lock = new ClusterLock(redis.strings(), redis.keys().key("logstore:retention-lock"), retention.interval());
        return new RetentionJob(shards, partitions, retention, lock, Clock.systemUTC());
    }
}
