package io.sluice.analytics.anomaly;

/**
 * The learned baseline of one count series: an EWMA level (de-seasonalised), the EWMA variance of
 * its residuals, a slowly decaying peak of normal windows, and for rate series 24 hour-of-day
 * slot means over a slow (one-day) mean, whose ratio is the hour's multiplicative factor
 * (Holt–Winters without trend, the seasonal part kept apart from the fast level so that the level
 * cannot absorb it within the hour). A window is judged against
 * {@code expected = level × factor[hour]} by a quasi-Poisson tail test; windows judged anomalous
 * update the baseline with the count clipped to the expected band, so an incident is not learned
 * as normal within a few windows while a lasting change still is, gradually. Mutable; fields are
 * public for the JSON state in Redis.
 */
public final class SeriesBaseline {

    public double level;
    public double variance;
    public double peak;
    public long windows;
    /** Hour-of-day slot means, {@code null} for series without seasonality (templates). */
    public double[] season;
    public int[] seasonSamples;
    /** Slow mean over all hours (running mean for the first day, then an EWMA with a one-day span). */
    public double dailyMean;
    /** Whether the last window was a spike (resp. drop): findings are raised on onset only. */
    public boolean high;
    public boolean low;
    /** Lines expected over the current run of empty windows: a sparse series is judged silent on the run, not one window. */
    public double quietExpected;
    /** Length of that run, in windows. */
    public int quietWindows;
    /** Dispersion when the run began: the run's own residuals must not make it look normal. */
    public double quietDispersion = 1.0;

    /** A fresh baseline; {@code seasonal} adds the hour-of-day factors. */
    static SeriesBaseline create(boolean seasonal) {
        SeriesBaseline b = new SeriesBaseline();
        if (seasonal) {
            b.season = new double[24];
            b.seasonSamples = new int[24];
        }
        return b;
    }

    /** Count expected in a window of hour-of-day {@code hour}. */
    double expected(int hour, DetectorSettings s) {
        return level * factor(hour, s);
    }

    private double factor(int hour, DetectorSettings s) {
        if (season == null || seasonSamples[hour] < s.minSeasonSamples() || dailyMean <= 0.5) {
            return 1.0;
        }
        return Math.max(0.02, Math.min(50, season[hour] / dailyMean));
    }

    /** Ratio of residual variance to the Poisson variance: how much noisier than Poisson the series is. */
    double dispersion(double expected) {
        return Math.max(1.0, variance / Math.max(expected, 1.0));
    }

    /** Judges {@code actual} (warm-up and volume guards included). */
    Verdict judge(long actual, int hour, DetectorSettings s) {
        if (windows < s.warmupWindows()) {
            return Verdict.NORMAL;
        }
        double e = expected(hour, s);
        double d = dispersion(e);
        double up = Poisson.upperSurprise(actual / d, e / d);
        if (up >= s.minScore() && actual >= s.spikeRatio() * e && actual - e >= s.minSpikeExcess() && actual > peak) {
            return new Verdict(Verdict.Kind.HIGH, e, up);
        }
        double down = Poisson.lowerSurprise(actual / d, e / d);
        if (down >= s.minScore() && e >= s.minDropExpected() && actual <= s.dropRatio() * e) {
            return new Verdict(Verdict.Kind.LOW, e, down);
        }
        if (actual == 0) {
            double run = quietExpected + e;
            double silence = Poisson.lowerSurprise(0, run / (quietWindows == 0 ? d : quietDispersion));
            if (silence >= s.minScore() && run >= s.minDropExpected()) {
                return new Verdict(Verdict.Kind.LOW, run, silence);
            }
        }
        return new Verdict(Verdict.Kind.NORMAL, e, Math.max(up, down));
    }

    /** Learns window {@code actual}; {@code anomalous} clips it to the expected band first. */
    void update(long actual, int hour, boolean anomalous, DetectorSettings s) {
        if (windows == 0) {
            level = actual;
            variance = Math.max(actual, 1);
            peak = actual;
            dailyMean = actual;
            windows = 1;
            return;
        }
        double e = expected(hour, s);
        if (actual == 0 && quietWindows == 0 && windows >= s.warmupWindows()) {
            quietDispersion = dispersion(e);
        }
        boolean quiet = actual == 0 && windows >= s.warmupWindows();
        quietExpected = quiet ? quietExpected + e : 0;
        quietWindows = quiet ? quietWindows + 1 : 0;
        double x = actual;
        if (anomalous) {
            double band = 3 * Math.sqrt(dispersion(e) * Math.max(e, 1));
            x = Math.max(Math.max(0, e - band), Math.min(x, e + band));
        }
        double f = factor(hour, s);
        double residual = x - e;
        variance += s.alpha() * (residual * residual - variance);
        level += s.alpha() * (x / f - level);
        if (season != null) {
            season[hour] = seasonSamples[hour] == 0 ? x : season[hour] + s.seasonGamma() * (x - season[hour]);
            seasonSamples[hour]++;
            dailyMean += (x - dailyMean) * Math.max(1.0 / s.windowsPerDay(), 1.0 / (windows + 1));
        }
        peak = Math.max(x, peak * s.peakDecay());
        windows++;
    }

    /**
     * Judges a template series by its share of the service's lines: {@code expected = share ×
     * serviceLines}, so changes of the service's whole volume (busy hours included) are left to the
     * rate series and only a change in the mix shows. Upward only.
     */
    Verdict judgeShare(long actual, long serviceLines, DetectorSettings s) {
        if (windows < s.warmupWindows() || serviceLines == 0) {
            return Verdict.NORMAL;
        }
        double e = level * serviceLines;
        double d = Math.max(1.0, variance);
        double up = Poisson.upperSurprise(actual / d, e / d);
        if (up >= s.minScore() && actual >= s.spikeRatio() * e && actual - e >= s.minSpikeExcess()) {
            return new Verdict(Verdict.Kind.HIGH, e, up);
        }
        return new Verdict(Verdict.Kind.NORMAL, e, up);
    }

    /** Learns a template's share of {@code serviceLines}; {@code variance} holds the dispersion of its counts. */
    void updateShare(long actual, long serviceLines, boolean anomalous, DetectorSettings s) {
        if (serviceLines == 0) {
            return;
        }
        if (windows == 0) {
            level = (double) actual / serviceLines;
            variance = 1;
            windows = 1;
            return;
        }
        double e = level * serviceLines;
        double x = anomalous ? Math.min(actual, e + 3 * Math.sqrt(Math.max(1, variance) * Math.max(e, 1))) : actual;
        double observed = (x - e) * (x - e) / Math.max(e, 1);
        variance += s.alpha() * (Math.min(observed, 100) - variance);
        level += s.alpha() * (x / serviceLines - level);
        windows++;
    }

    /** Whether a template series has faded away (its share near nothing) and can be forgotten. */
    boolean fadedShare(DetectorSettings s) {
        return windows >= s.warmupWindows() && level < 1e-4;
    }

    /** Whether the series has faded away (nothing for a long while) and can be forgotten. */
    boolean faded(DetectorSettings s) {
        return windows >= s.warmupWindows() && level < 0.005 && peak < 1;
    }

    /** Outcome of judging one window. */
    record Verdict(Kind kind, double expected, double score) {

        static final Verdict NORMAL = new Verdict(Kind.NORMAL, 0, 0);

        enum Kind { NORMAL, HIGH, LOW }
    }
}
