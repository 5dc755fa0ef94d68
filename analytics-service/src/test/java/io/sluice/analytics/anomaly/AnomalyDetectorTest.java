package io.sluice.analytics.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/** The detectors on synthetic counts: seasonality, warm-up, sparse series, onset-only findings. */
class AnomalyDetectorTest {

    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;

    private final AnomalyDetector detector = new AnomalyDetector(DetectorSettings.DEFAULTS);

    /** Runs {@code days} days of one service whose INFO lines per minute are Poisson({@code rateAtHour}). */
    private List<Anomaly> run(DetectorState state, int fromMinute, int minutes, IntUnaryOperator rateAtHour, Random r) {
        List<Anomaly> out = new ArrayList<>();
        for (int m = fromMinute; m < fromMinute + minutes; m++) {
            int hour = (m / 60) % 24;
            int n = poisson(r, rateAtHour.applyAsInt(hour));
            WindowCounts.Builder b = new WindowCounts.Builder(m * MINUTE, 3);
            b.addCounts("web", "INFO", 1, "GET <*>", n);
            out.addAll(detector.close("t", state, b.build()));
        }
        return out;
    }

    @Test
    void aDailyBusyHourIsLearnedWhileTheSameVolumeAtAQuietHourIsASpike() {
        DetectorState state = new DetectorState();
        Random r = new Random(1);
        IntUnaryOperator daily = hour -> hour == 9 ? 120 : 20; // a batch job every day at 09:00
        List<Anomaly> learning = run(state, 0, 3 * 24 * 60, daily, r);

        List<Anomaly> fourthDay = run(state, 3 * 24 * 60, 24 * 60, daily, r);
        assertThat(fourthDay).as("the busy hour on the fourth day").isEmpty();

        List<Anomaly> offHours = run(state, 4 * 24 * 60 + 14 * 60, 1, hour -> 120, r);
        assertThat(offHours).extracting(Anomaly::type).contains(AnomalyType.RATE_SPIKE);
        assertThat(learning).as("findings while learning").hasSizeLessThan(10);
    }

    @Test
    void nothingIsJudgedDuringWarmUp() {
        DetectorState state = new DetectorState();
        List<Anomaly> out = run(state, 0, DetectorSettings.DEFAULTS.warmupWindows() - 1, h -> 20, new Random(2));
        out.addAll(run(state, DetectorSettings.DEFAULTS.warmupWindows() - 1, 1, h -> 500, new Random(3)));
        assertThat(out).isEmpty();
    }

    @Test
    void aSparseSeriesDoesNotFlapButASteadyOneGoingSilentIsFound() {
        DetectorState sparse = new DetectorState();
        assertThat(run(sparse, 0, 2 * 24 * 60, h -> 1, new Random(4))).isEmpty();

        DetectorState steady = new DetectorState();
        Random r = new Random(5);
        assertThat(run(steady, 0, 6 * 60, h -> 30, r)).isEmpty();
        List<Anomaly> silent = run(steady, 6 * 60, 5, h -> 0, r);
        assertThat(silent).hasSize(1).first().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AnomalyType.RATE_DROP);
            assertThat(a.windowStart()).isEqualTo(6 * HOUR);
            assertThat(a.actual()).isZero();
            assertThat(a.explanation()).contains("went silent");
        });
    }

    @Test
    void aLastingSpikeIsReportedOnceAtItsOnset() {
        DetectorState state = new DetectorState();
        Random r = new Random(6);
        run(state, 0, 6 * 60, h -> 30, r);
        List<Anomaly> spike = run(state, 6 * 60, 4, h -> 300, r);
        assertThat(spike).filteredOn(a -> a.type() == AnomalyType.RATE_SPIKE).hasSize(1)
                .first().satisfies(a -> assertThat(a.windowStart()).isEqualTo(6 * HOUR));
    }

    @Test
    void poissonTailsMatchKnownValues() {
        assertThat(Poisson.lowerSurprise(0, 10)).isCloseTo(10 / Math.log(10), org.assertj.core.data.Offset.offset(1e-9));
        // P(X >= 3 | mean 1) = 1 - e^-1 (1 + 1 + 1/2) = 0.0803
        assertThat(Math.pow(10, -Poisson.upperSurprise(3, 1))).isCloseTo(0.0803, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(Poisson.upperSurprise(5, 10)).isZero();
    }

    private static int poisson(Random r, double mean) {
        if (mean <= 0) {
            return 0;
        }
        double limit = Math.exp(-mean);
        if (limit == 0) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
        }
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > limit);
        return k - 1;
    }
}
