package io.sluice.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.logstore.LogStoreConfiguration;
import io.sluice.logstore.write.ArchiveWriter;
import io.sluice.pipeline.claim.PendingClaimer;
import io.sluice.pipeline.consume.BufferConsumer;
import io.sluice.pipeline.consume.ConsumerGroup;
import io.sluice.pipeline.consume.DeadLetters;
import io.sluice.pipeline.consume.EntryProcessor;
import io.sluice.pipeline.hot.HotTier;
import io.sluice.pipeline.metrics.PipelineMetrics;
import io.sluice.pipeline.parse.EventParser;
import io.sluice.pipeline.trim.BufferTrimmer;
import io.sluice.platform.redis.RedisConfiguration;
import io.sluice.platform.redis.SluiceRedis;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * pipeline-service: consumes the buffer stream in group {@code sluice.pipeline.group}, archives
 * every event (log-store) and appends it to the hot tier, claims the entries of dead consumers,
 * and trims the buffer to what every consumer group has finished. Switched off with
 * {@code sluice.pipeline.enabled=false}. Imported by {@link PipelineApplication} and the standalone.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "sluice.pipeline.enabled", matchIfMissing = true)
@Import({LogStoreConfiguration.class, RedisConfiguration.class})
@EnableConfigurationProperties(PipelineProperties.class)
public class PipelineConfiguration {

    @Bean
    EventParser pipelineEventParser() {
        return new EventParser();
    }

    @Bean
    PipelineMetrics pipelineMetrics(ObjectProvider<MeterRegistry> registry) {
        return new PipelineMetrics(registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    ConsumerGroup pipelineConsumerGroup(SluiceRedis redis, PipelineProperties properties) {
        return new ConsumerGroup(redis, properties.group());
    }

    @Bean
    HotTier pipelineHotTier(SluiceRedis redis, PipelineProperties properties) {
        return new HotTier(redis, properties.hotMaxEvents(), properties.hotDedupWindow());
    }

    @Bean
    DeadLetters pipelineDeadLetters(SluiceRedis redis) {
        return new DeadLetters(redis);
    }

    @Bean
    EntryProcessor pipelineEntryProcessor(SluiceRedis redis, ConsumerGroup group, EventParser parser, ArchiveWriter archive,
            HotTier hot, DeadLetters deadLetters, PipelineMetrics metrics) {
        return new EntryProcessor(redis, group, parser, archive, hot, deadLetters, metrics);
    }

    @Bean
    BufferConsumer pipelineBufferConsumer(SluiceRedis redis, ConsumerGroup group, EntryProcessor processor, PipelineProperties properties) {
        return new BufferConsumer(redis, group, processor, properties);
    }

    @Bean
    PendingClaimer pipelinePendingClaimer(SluiceRedis redis, ConsumerGroup group, EntryProcessor processor, PipelineMetrics metrics,
            PipelineProperties properties) {
        return new PendingClaimer(redis, group, processor, metrics, properties);
    }

    @Bean
    BufferTrimmer pipelineBufferTrimmer(SluiceRedis redis, PipelineProperties properties) {
        return new BufferTrimmer(redis, properties);
    }
}
