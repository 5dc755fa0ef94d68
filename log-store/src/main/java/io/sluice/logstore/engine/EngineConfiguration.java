package io.sluice.logstore.engine;

import io.sluice.logstore.LogStoreProperties;
import io.sluice.logstore.hot.HotTierReader;
import io.sluice.logstore.scan.ChunkScan;
import io.sluice.platform.redis.RedisConfiguration;
import io.sluice.platform.redis.SluiceRedis;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The query engine's beans: the {@link LogQueryEngine} (used by admin-ui's APIs and alerting), the
 * hot-tier reader and the bounded scheduler every query decodes on. Imported by
 * {@code LogStoreConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@Import(RedisConfiguration.class)
@EnableConfigurationProperties(EngineProperties.class)
public class EngineConfiguration {

    @Bean(destroyMethod = "dispose")
    Scheduler sluiceQueryScheduler(EngineProperties properties) {
        return Schedulers.newBoundedElastic(Math.max(1, properties.decodeThreads()), 10_000, "sluice-query", 60, true);
    }

    @Bean
    @ConditionalOnMissingBean
    HotTierReader sluiceHotTierReader(SluiceRedis redis, EngineProperties properties, Scheduler sluiceQueryScheduler) {
        return new HotTierReader(redis, properties.hotClockSkew(), properties.hotPageSize(), properties.maxHotEvents(),
                sluiceQueryScheduler);
    }

    @Bean
    @ConditionalOnMissingBean
    LogQueryEngine sluiceLogQueryEngine(ChunkScan scan, HotTierReader hot, EngineProperties properties,
            LogStoreProperties store, Scheduler sluiceQueryScheduler) {
        return new DefaultLogQueryEngine(scan, hot, properties, store.queryTimeout(), sluiceQueryScheduler);
    }
}
