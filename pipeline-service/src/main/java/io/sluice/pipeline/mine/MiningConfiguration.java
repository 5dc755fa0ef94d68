package io.sluice.pipeline.mine;

import io.sluice.logstore.template.TemplateWriter;
import io.sluice.patterns.MinerSettings;
import io.sluice.pipeline.PipelineProperties;
import io.sluice.pipeline.stage.StageOrder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Pattern mining in the pipeline: the {@link MiningStage}, its miners and the flusher writing their
 * templates to log-store's template store. Switched off with {@code sluice.pipeline.mining.enabled=false}
 * (events are then archived with template id 0).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "sluice.pipeline.mining.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MiningProperties.class)
public class MiningConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MiningConfiguration.class);

    @Bean
    MinerRegistry pipelineMinerRegistry(TemplateWriter store, MiningProperties properties) {
        MinerSettings defaults = MinerSettings.DEFAULTS;
        MinerSettings settings = new MinerSettings(defaults.similarityThreshold(), defaults.distinctValuesForVariable(),
                defaults.exactCacheSize(), properties.maxTemplates());
        MinerRegistry miners = new MinerRegistry(store::load, settings, properties.maxMiners());
        preload(miners, store, properties);
        return miners;
    }

    /** Restores the most recently active streams before the consumer starts; a failure only costs the warm start. */
    private static void preload(MinerRegistry miners, TemplateWriter store, MiningProperties properties) {
        long started = System.nanoTime();
        try {
            List<StreamKey> streams = store.recentStreams(properties.maxMiners()).block(properties.preloadTimeout()).stream()
                    .map(s -> new StreamKey(s.tenant(), s.service())).toList();
            long restored = miners.preload(streams, properties.preloadTimeout());
            log.info("restored the template miners of {} streams in {} ms", restored, (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            log.warn("template miners not restored at start-up ({}); streams are restored on first use instead", e.toString());
        }
    }

    @Bean
    @Order(StageOrder.MINE)
    MiningStage pipelineMiningStage(MinerRegistry miners) {
        return new MiningStage(miners);
    }

    @Bean
    TemplateFlusher pipelineTemplateFlusher(MinerRegistry miners, TemplateWriter store, MiningProperties properties,
            PipelineProperties pipeline) {
        return new TemplateFlusher(miners, store, properties.flushInterval(), properties.maxPendingTemplates(), pipeline.shutdownTimeout());
    }
}
