package io.sluice.analytics.anomaly;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of anomaly detection ({@code sluice.analytics.anomaly.*}); the statistical knobs not listed
 * here keep {@link DetectorSettings#DEFAULTS}.
 *
 * @param enabled whether analytics records windows and raises anomalies
 * @param window width of the windows every series is judged on
 * @param lateness how long after a window's end (in event time) it is still filled before being judged
 * @param closeInterval how often due windows are looked for and judged
 * @param warmupWindows windows a series must have been observed before it is judged
 * @param minScore least surprise, {@code -log10(p)}, of a rate, template or error-share finding
 * @param newTemplatesPerDay a never-seen template is reported once fewer than this many new templates a day
 *     are expected from the service's own discovery rate
 * @param maxFindings findings kept per tenant in its Redis stream (approximate cap)
 * @param stateTtl how long a tenant's learned baselines survive without any window being judged
 */
public record AnomalyProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1m") Duration window,
        @DefaultValue("30s") Duration lateness,
        @DefaultValue("5s") Duration closeInterval,
        @DefaultValue("60") int warmupWindows,
        @DefaultValue("6") double minScore,
        @DefaultValue("10") double newTemplatesPerDay,
        @DefaultValue("10000") long maxFindings,
        @DefaultValue("7d") Duration stateTtl) {

    /** The detectors' settings for these properties. */
    public DetectorSettings detectorSettings() {
        DetectorSettings d = DetectorSettings.DEFAULTS;
        return new DetectorSettings(window.toMillis(), warmupWindows, d.alpha(), d.seasonGamma(), d.minSeasonSamples(), minScore,
                d.spikeRatio(), d.minSpikeExcess(), d.dropRatio(), d.minDropExpected(), d.minRatioEvents(), d.minRatioErrors(),
                d.minRatioDelta(), newTemplatesPerDay, d.maxSamples(), d.maxTemplatesPerService(), d.maxSeries());
    }
}
