package io.sluice.common.query.logql;

import io.sluice.common.query.logql.MetricExpr.RangeOp;
import java.util.Arrays;

/**
 * The per-bucket state of one series of a range aggregation (see {@link StepWindows}): only the
 * columns its function needs, allocated in pages on first touch so sparse series stay small.
 * Not thread-safe.
 */
final class Buckets {

    private static final int PAGE = 256;

    private static final int COUNT = 0;
    private static final int SUM = 1;
    private static final int SUMSQ = 2;
    private static final int MIN = 3;
    private static final int MAX = 4;
    private static final int FIRST_TS = 5;
    private static final int FIRST = 6;
    private static final int LAST_TS = 7;
    private static final int LAST = 8;
    private static final int COLUMNS = 9;

    private final RangeOp op;
    private final boolean unwrapped;
    private final boolean[] used = new boolean[COLUMNS];
    private final double[][][] pages;
    private final double[][][] values;
    private final int[][] valueCounts;

    Buckets(RangeOp op, boolean unwrapped, int buckets) {
        this.op = op;
        this.unwrapped = unwrapped;
        used[COUNT] = true;
        switch (op) {
            case BYTES_OVER_TIME, BYTES_RATE, SUM_OVER_TIME, AVG_OVER_TIME -> used[SUM] = true;
            case RATE -> used[SUM] = unwrapped;
            case STDDEV_OVER_TIME, STDVAR_OVER_TIME -> {
                used[SUM] = true;
                used[SUMSQ] = true;
            }
            case MIN_OVER_TIME -> used[MIN] = true;
            case MAX_OVER_TIME -> used[MAX] = true;
            case FIRST_OVER_TIME -> {
                used[FIRST_TS] = true;
                used[FIRST] = true;
            }
            case LAST_OVER_TIME -> {
                used[LAST_TS] = true;
                used[LAST] = true;
            }
            default -> {
            }
        }
        int pageCount = (buckets + PAGE - 1) / PAGE;
        pages = new double[COLUMNS][][];
        for (int c = 0; c < COLUMNS; c++) {
            if (used[c]) {
                pages[c] = new double[pageCount][];
            }
        }
        if (op == RangeOp.QUANTILE_OVER_TIME) {
            values = new double[pageCount][][];
            valueCounts = new int[pageCount][];
        } else {
            values = null;
            valueCounts = null;
        }
    }

    /** Allocates page {@code p} of every used column on first use, MIN and MAX starting at their identities. */
    private void ensurePage(int p) {
        if (pages[COUNT][p] != null) {
            return;
        }
        for (int c = 0; c < COLUMNS; c++) {
            if (used[c]) {
                pages[c][p] = new double[PAGE];
            }
        }
        if (used[MIN]) {
            Arrays.fill(pages[MIN][p], Double.POSITIVE_INFINITY);
        }
        if (used[MAX]) {
            Arrays.fill(pages[MAX][p], Double.NEGATIVE_INFINITY);
        }
    }

    /** Adds {@code count} samples of total value {@code sum} to bucket {@code b}: for functions of the count and sum only. */
    void addCount(int b, long count, double sum) {
        int p = b / PAGE;
        int i = b % PAGE;
        ensurePage(p);
        pages[COUNT][p][i] += count;
        if (used[SUM]) {
            pages[SUM][p][i] += sum;
        }
    }

    /**
     * Adds a sample to bucket {@code b}.
     *
     * @return how many values this call stored (quantiles hold every value), for the sample bound
     */
    int add(int b, long ts, double v) {
        int p = b / PAGE;
        int i = b % PAGE;
        ensurePage(p);
        double n = pages[COUNT][p][i]++;
        if (used[SUM]) {
            pages[SUM][p][i] += v;
        }
        if (used[SUMSQ]) {
            pages[SUMSQ][p][i] += v * v;
        }
        if (used[MIN]) {
            pages[MIN][p][i] = Math.min(pages[MIN][p][i], v);
        }
        if (used[MAX]) {
            pages[MAX][p][i] = Math.max(pages[MAX][p][i], v);
        }
        if (used[FIRST] && (n == 0 || ts < pages[FIRST_TS][p][i])) {
            pages[FIRST_TS][p][i] = ts;
            pages[FIRST][p][i] = v;
        }
        if (used[LAST] && (n == 0 || ts >= pages[LAST_TS][p][i])) {
            pages[LAST_TS][p][i] = ts;
            pages[LAST][p][i] = v;
        }
        if (values != null) {
            if (values[p] == null) {
                values[p] = new double[PAGE][];
                valueCounts[p] = new int[PAGE];
            }
            double[] vs = values[p][i];
            int c = valueCounts[p][i];
            if (vs == null) {
                vs = new double[4];
            } else if (c == vs.length) {
                vs = Arrays.copyOf(vs, c * 2);
            }
            vs[c] = v;
            values[p][i] = vs;
            valueCounts[p][i] = c + 1;
            return 1;
        }
        return 0;
    }

    /**
     * The function's value over buckets {@code first..last}, or {@code NaN} when they hold no sample.
     *
     * @param rangeSeconds the window's length, for rates
     * @param quantile the quantile of {@code quantile_over_time}
     */
    double window(int first, int last, double rangeSeconds, double quantile) {
        double count = 0;
        double sum = 0;
        double sumsq = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double firstTs = Double.POSITIVE_INFINITY;
        double firstV = Double.NaN;
        double lastTs = Double.NEGATIVE_INFINITY;
        double lastV = Double.NaN;
        int valueCount = 0;
        for (int b = first; b <= last; b++) {
            int p = b / PAGE;
            int i = b % PAGE;
            if (pages[COUNT][p] == null || pages[COUNT][p][i] == 0) {
                continue;
            }
            count += pages[COUNT][p][i];
            if (used[SUM]) {
                sum += pages[SUM][p][i];
            }
            if (used[SUMSQ]) {
                sumsq += pages[SUMSQ][p][i];
            }
            if (used[MIN]) {
                min = Math.min(min, pages[MIN][p][i]);
            }
            if (used[MAX]) {
                max = Math.max(max, pages[MAX][p][i]);
            }
            if (used[FIRST] && pages[FIRST_TS][p][i] < firstTs) {
                firstTs = pages[FIRST_TS][p][i];
                firstV = pages[FIRST][p][i];
            }
            if (used[LAST] && pages[LAST_TS][p][i] >= lastTs) {
                lastTs = pages[LAST_TS][p][i];
                lastV = pages[LAST][p][i];
            }
            if (values != null) {
                valueCount += valueCounts[p][i];
            }
        }
        if (count == 0) {
            return Double.NaN;
        }
        return switch (op) {
            case COUNT_OVER_TIME -> count;
            case RATE -> (unwrapped ? sum : count) / rangeSeconds;
            case BYTES_OVER_TIME, SUM_OVER_TIME -> sum;
            case BYTES_RATE -> sum / rangeSeconds;
            case AVG_OVER_TIME -> sum / count;
            case MIN_OVER_TIME -> min;
            case MAX_OVER_TIME -> max;
            case STDVAR_OVER_TIME -> variance(count, sum, sumsq);
            case STDDEV_OVER_TIME -> Math.sqrt(variance(count, sum, sumsq));
            case FIRST_OVER_TIME -> firstV;
            case LAST_OVER_TIME -> lastV;
            case QUANTILE_OVER_TIME -> quantile(first, last, valueCount, quantile);
        };
    }

    private static double variance(double count, double sum, double sumsq) {
        double mean = sum / count;
        return Math.max(0, sumsq / count - mean * mean);
    }

    private double quantile(int first, int last, int n, double q) {
        double[] all = new double[n];
        int k = 0;
        for (int b = first; b <= last; b++) {
            int p = b / PAGE;
            int i = b % PAGE;
            if (values[p] != null && values[p][i] != null) {
                System.arraycopy(values[p][i], 0, all, k, valueCounts[p][i]);
                k += valueCounts[p][i];
            }
        }
        return quantileOf(all, q);
    }

    /** Prometheus' quantile: linear interpolation between the closest ranks; sorts {@code vs}. */
    static double quantileOf(double[] vs, double q) {
        if (vs.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(vs);
        double rank = q * (vs.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, vs.length - 1);
        double w = rank - lo;
        return vs[lo] * (1 - w) + vs[hi] * w;
    }
}
