package io.sluice.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.logstore.LogStoreConfiguration;
import io.sluice.logstore.write.ArchiveSink;
import io.sluice.pipeline.consume.EntryProcessor;
import io.sluice.pipeline.hot.HotTier;
import io.sluice.pipeline.metrics.PipelineMetrics;
import io.sluice.pipeline.mine.MiningConfiguration;
import io.sluice.pipeline.parse.EventParser;
import io.sluice.pipeline.parse.ParseConfiguration;
import io.sluice.pipeline.rules.RulesConfiguration;
import io.sluice.pipeline.stage.EventStage;
import io.sluice.platform.redis.RedisConfiguration;
import io.sluice.platform.redis.SluiceRedis;
import io.sluice.platform.stream.BufferConfiguration;
import io.sluice.platform.stream.BufferProperties;
import io.sluice.platform.stream.BufferRegistry;
import io.sluice.platform.stream.BufferTrimmer;
import io.sluice.platform.stream.DeadLetters;
import io.sluice.platform.stream.GroupConsumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * pipeline-service: consumes the sharded buffer streams in group {@code sluice.pipeline.group}
 * (platform's {@link GroupConsumer}, which also claims the entries of dead consumers), archives
 * every event (log-store) and appends it to the hot tier, and trims the buffer streams to what
 * every consumer group has finished. Switched off with {@code sluice.pipeline.enabled=false}.
 * Imported by {@link PipelineApplication} and the standalone.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "sluice.pipeline.enabled", matchIfMissing = true)
@Import({LogStoreConfiguration.class, RedisConfiguration.class, BufferConfiguration.class, ParseConfiguration.class,
        RulesConfiguration.class, MiningConfiguration.class})
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
    HotTier pipelineHotTier(SluiceRedis redis, PipelineProperties properties) {
        return new HotTier(redis, properties.hotMaxEvents(), properties.hotDedupWindow());
    }

    @Bean
    EntryProcessor pipelineEntryProcessor(EventParser parser, ObjectProvider<EventStage> stages, ArchiveSink archive, HotTier hot,
            PipelineMetrics metrics) {
        return new EntryProcessor(parser, stages.orderedStream().toList(), archive, hot, metrics);
    }

    @Bean
    GroupConsumer pipelineGroupConsumer(SluiceRedis redis, BufferRegistry registry, DeadLetters deadLetters, BufferProperties buffer,
            EntryProcessor processor, PipelineMetrics metrics, PipelineProperties properties) {
        return new GroupConsumer(redis, registry, deadLetters, properties.groupSettings(buffer.discoveryInterval()), buffer.groups(),
                processor, metrics);
    }

    @Bean
    BufferTrimmer pipelineBufferTrimmer(SluiceRedis redis, BufferRegistry registry, PipelineProperties properties) {
        return new BufferTrimmer(redis, registry, properties.trimInterval());
    }
}
