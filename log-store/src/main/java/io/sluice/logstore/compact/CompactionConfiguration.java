package io.sluice.logstore.compact;

import io.sluice.logstore.retention.ClusterLock;
import io.sluice.logstore.schema.ChunkPartitions;
import io.sluice.logstore.shard.ArchiveShards;
import io.sluice.logstore.store.ChunkStoreProperties;
import io.sluice.platform.redis.RedisConfiguration;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The compaction job of the chunked archive, in every process that uses the archive (as the
 * retention job: a Redis lock per shard lets one process at a time compact it). Switched off with
 * {@code sluice.logstore.compaction.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "sluice.logstore.compaction.enabled", matchIfMissing = true)
@Import(RedisConfiguration.class)
public class CompactionConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ChunkCompactor sluiceChunkCompactor(ChunkPartitions partitions, ChunkStoreProperties properties) {
        return new ChunkCompactor(partitions, properties);
    }

    @Bean
    @ConditionalOnMissingBean
    CompactionJob sluiceCompactionJob(ArchiveShards shards, ChunkCompactor compactor, ChunkStoreProperties properties, SluiceRedis redis) {
        Duration interval = properties.compaction().interval();
        Duration ttl = interval.compareTo(Duration.ofMinutes(5)) > 0 ? interval : Duration.ofMinutes(5);
        return new CompactionJob(shards, compactor,
                shard -> new ClusterLock(redis.strings(), redis.keys().key("logstore:compaction-lock:" + shard.name()), ttl), interval);
    }
}
