package io.sluice.analytics.anomaly;

/**
 * Poisson tail probabilities in log10, for judging counts. Overdispersed series are judged by
 * scaling both count and mean by the dispersion (quasi-Poisson), which the callers do.
 */
final class Poisson {

    private static final double LN10 = Math.log(10);

    private Poisson() {
    }

    /** {@code -log10 P(X >= k)} for X ~ Poisson(mean); 0 when k &le; mean. */
    static double upperSurprise(double k, double mean) {
        if (k <= mean) {
            return 0;
        }
        long n = (long) Math.floor(k);
        if (mean <= 0) {
            return n <= 0 ? 0 : 30; // impossible under the baseline: capped
        }
        double logSum = Double.NEGATIVE_INFINITY;
        for (long i = n; i < n + 10_000; i++) {
            double term = logPmf(i, mean);
            logSum = logAdd(logSum, term);
            if (term < logSum - 36) {
                break;
            }
        }
        return Math.min(30, -logSum / LN10);
    }

    /** {@code -log10 P(X <= k)} for X ~ Poisson(mean); 0 when k &ge; mean. */
    static double lowerSurprise(double k, double mean) {
        if (k >= mean) {
            return 0;
        }
        long n = (long) Math.ceil(k);
        double logSum = Double.NEGATIVE_INFINITY;
        for (long i = n; i >= 0; i--) {
            double term = logPmf(i, mean);
            logSum = logAdd(logSum, term);
            if (term < logSum - 36) {
                break;
            }
        }
        return Math.min(30, -logSum / LN10);
    }

    static double logPmf(long k, double mean) {
        return k * Math.log(mean) - mean - logFactorial(k);
    }

    static double logFactorial(long k) {
        if (k < 2) {
            return 0;
        }
        if (k < 20) {
            double f = 0;
            for (int i = 2; i <= k; i++) {
                f += Math.log(i);
            }
            return f;
        }
        double x = k + 1.0; // Stirling series for ln Γ(x)
        return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
    }

    private static double logAdd(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        double max = Math.max(a, b);
        return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
    }
}
