package io.sluice.pipeline.mine;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the pipeline's pattern mining ({@code sluice.pipeline.mining.*}).
 *
 * @param enabled whether events get template ids and templates are stored
 * @param maxMiners most (tenant, service) miners held in memory; the least recently used one is dropped
 *     (its counts flushed first) and restored from the store when its stream comes back
 * @param maxTemplates most templates one miner holds (the miner's own cap; past it unmatched lines join
 *     the closest template or a catch-all of their token count)
 * @param flushInterval how often template counts and new aliases are written to the store
 * @param preloadTimeout how long start-up may spend restoring the miners of the most recently active
 *     streams from the store (before the consumer starts); streams not restored by then are restored
 *     in the background on first use
 * @param maxPendingTemplates most template rows kept for the store while it cannot be written; beyond it
 *     new counts are dropped (and logged) rather than growing memory
 */
@ConfigurationProperties("sluice.pipeline.mining")
public record MiningProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1000") int maxMiners,
        @DefaultValue("10000") int maxTemplates,
        @DefaultValue("1s") Duration flushInterval,
        @DefaultValue("60s") Duration preloadTimeout,
        @DefaultValue("200000") int maxPendingTemplates) {

    public MiningProperties {
        if (maxMiners < 1) {
            throw new IllegalArgumentException("sluice.pipeline.mining.max-miners must be at least 1, was " + maxMiners);
        }
        if (maxTemplates < 1) {
            throw new IllegalArgumentException("sluice.pipeline.mining.max-templates must be at least 1, was " + maxTemplates);
        }
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("sluice.pipeline.mining.flush-interval must be positive, was " + flushInterval);
        }
    }
}
