package io.sluice.analytics.anomaly;

/**
 * A service's usual share of ERROR/FATAL lines: decayed sums of error and total lines (about the
 * last {@code 5 / alpha} windows) and the EWMA dispersion of the per-window error counts against
 * the binomial expectation, so services whose error share swings by nature need larger jumps. A
 * window is judged by a quasi-Poisson upper tail on its error count given its volume. Mutable;
 * fields are public for the JSON state in Redis.
 */
public final class RatioBaseline {

    public double errors;
    public double total;
    public double dispersion = 1.0;
    public long windows;
    public boolean high;

    /** Usual error share, Laplace-smoothed. */
    double share() {
        return (errors + 1) / (total + 2);
    }

    /** Surprise of {@code errorLines} of {@code lines}, or NaN when the guards say not to judge. */
    double judge(long errorLines, long lines, DetectorSettings s) {
        if (windows < s.warmupWindows() || lines < s.minRatioEvents() || errorLines < s.minRatioErrors()) {
            return Double.NaN;
        }
        double p = share();
        double ratio = (double) errorLines / lines;
        if (ratio - p < s.minRatioDelta() || ratio < 1.5 * p) {
            return Double.NaN;
        }
        double d = Math.max(1.0, dispersion);
        return Poisson.upperSurprise(errorLines / d, lines * p / d);
    }

    /** Learns a window; an anomalous one adds its volume at the usual share instead of its errors. */
    void update(long errorLines, long lines, boolean anomalous, DetectorSettings s) {
        windows++;
        if (lines == 0) {
            return;
        }
        double p = share();
        if (!anomalous && total > 0) {
            double expected = lines * p;
            double observed = (errorLines - expected) * (errorLines - expected) / Math.max(expected * (1 - p), 0.25);
            dispersion += s.alpha() * (Math.min(observed, 100) - dispersion);
        }
        double keep = 1 - s.alpha() / 5;
        errors = errors * keep + (anomalous ? lines * p : errorLines);
        total = total * keep + lines;
    }
}
