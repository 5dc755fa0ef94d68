package io.sluice.analytics.anomaly;

/**
 * The detectors' knobs. They are the same for every tenant, service and data set: Sluice judges logs
 * it has never seen, so the defaults are statistical (significance levels, minimum volumes), not
 * fitted to any stream.
 *
 * @param windowMillis width of a window; every series gets one observation per window
 * @param warmupWindows windows a series (or a service's vocabulary) must have been observed before it is judged
 * @param alpha smoothing of the EWMA level and residual variance (per window)
 * @param seasonGamma smoothing of the hour-of-day factors of the rate series
 * @param minSeasonSamples observations an hour-of-day slot needs before its factor is used
 * @param minScore least surprise, {@code -log10(p)}, for a rate, template or error-share finding
 * @param spikeRatio a spike must be at least this multiple of the expected count
 * @param minSpikeExcess a spike must exceed the expected count by at least this many lines
 * @param dropRatio a drop must be at most this fraction of the expected count
 * @param minDropExpected a drop is only judged when at least this many lines were expected (sparse series cannot go silent)
 * @param minRatioEvents an error-share jump is only judged in windows with at least this many lines of the service
 * @param minRatioErrors ... and at least this many error lines
 * @param minRatioDelta ... and a share at least this much (absolute) above the usual one
 * @param newTemplatesPerDay a never-seen template is reported only once the service's vocabulary has settled:
 *     when, at the Good–Turing rate of unseen templates per line and the service's usual volume, fewer than this
 *     many new templates a day are expected (so natural discovery raises about this many findings a day at most)
 * @param maxSamples sample lines kept per series and finding
 * @param maxTemplatesPerService templates remembered per service; past it no template is called new
 * @param maxSeries series (rates + templates) kept per tenant; past it no new template series is started
 */
public record DetectorSettings(long windowMillis, int warmupWindows, double alpha, double seasonGamma, int minSeasonSamples,
        double minScore, double spikeRatio, double minSpikeExcess, double dropRatio, double minDropExpected,
        long minRatioEvents, long minRatioErrors, double minRatioDelta, double newTemplatesPerDay, int maxSamples,
        int maxTemplatesPerService, int maxSeries) {

    /** One-minute windows, an hour of warm-up, findings at p &lt; 1e-6. */
    public static final DetectorSettings DEFAULTS = new DetectorSettings(60_000, 60, 0.1, 0.05, 60, 6.0, 2.0, 10, 0.2, 10,
            20, 5, 0.1, 10.0, 3, 5_000, 20_000);

    public DetectorSettings {
        if (windowMillis < 1_000) {
            throw new IllegalArgumentException("window must be at least 1s");
        }
        if (!(alpha > 0 && alpha < 1) || !(seasonGamma > 0 && seasonGamma < 1)) {
            throw new IllegalArgumentException("alpha and seasonGamma must be in (0, 1)");
        }
    }

    /** Windows in a day. */
    double windowsPerDay() {
        return 86_400_000.0 / windowMillis;
    }

    /** Per-window decay of a series' remembered peak: a half-life of one day. */
    double peakDecay() {
        return Math.pow(0.5, windowMillis / 86_400_000.0);
    }
}
