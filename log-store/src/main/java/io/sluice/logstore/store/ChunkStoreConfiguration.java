package io.sluice.logstore.store;

import io.r2dbc.pool.ConnectionPool;
import io.sluice.logstore.chunk.ChunkCodec;
import io.sluice.logstore.compact.CompactionConfiguration;
import io.sluice.logstore.retention.RetentionConfiguration;
import io.sluice.logstore.scan.ArchiveReader;
import io.sluice.logstore.scan.ChunkScan;
import io.sluice.logstore.scan.MysqlChunkScan;
import io.sluice.logstore.schema.ArchiveSchema;
import io.sluice.logstore.schema.ChunkPartitions;
import io.sluice.logstore.shard.ArchiveShards;
import io.sluice.logstore.shard.ShardConnections;
import io.sluice.logstore.shard.ShardMap;
import io.sluice.logstore.write.ArchiveSink;
import io.sluice.logstore.write.ChunkArchive;
import io.sluice.logstore.write.ChunkPlan;
import java.util.HashSet;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The chunked archive: shards, the writer ({@link ArchiveSink}) and the reader ({@link ChunkScan}).
 * Imported by {@link io.sluice.logstore.LogStoreConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChunkStoreProperties.class)
@Import({RetentionConfiguration.class, CompactionConfiguration.class})
public class ChunkStoreConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ShardConnections sluiceShardConnections(ConnectionPool pool, ArchiveSchema schema, ChunkStoreProperties properties) {
        if (!schema.migrated()) {
            throw new IllegalStateException("the archive schema is not migrated");
        }
        return new ShardConnections(pool, properties.shards());
    }

    @Bean
    @ConditionalOnMissingBean
    ArchiveShards sluiceArchiveShards(ShardConnections connections, ChunkStoreProperties properties) {
        Set<String> names = new HashSet<>();
        connections.shards().forEach(s -> names.add(s.name()));
        return new ArchiveShards(connections.shards(), new ShardMap(ChunkStoreProperties.DEFAULT_SHARD, properties.shardMap(), names));
    }

    @Bean
    @ConditionalOnMissingBean
    ChunkPartitions sluiceChunkPartitions() {
        return new ChunkPartitions();
    }

    @Bean
    @ConditionalOnMissingBean(ArchiveSink.class)
    ChunkArchive sluiceChunkArchive(ArchiveShards shards, ChunkPartitions partitions, ChunkStoreProperties properties) {
        ChunkStoreProperties.Chunk chunk = properties.chunk();
        return new ChunkArchive(shards, partitions, new ChunkPlan(chunk, properties.retention()), new ChunkCodec(chunk.zstdLevel()),
                chunk.writeConcurrency());
    }

    @Bean
    @ConditionalOnMissingBean(ChunkScan.class)
    MysqlChunkScan sluiceChunkScan(ArchiveShards shards, ChunkPartitions partitions, ChunkStoreProperties properties) {
        return new MysqlChunkScan(shards, partitions, properties.maxChunkSpan().toNanos());
    }

    @Bean
    @ConditionalOnMissingBean
    ArchiveReader sluiceArchiveReader(ChunkScan scan) {
        return new ArchiveReader(scan);
    }
}
