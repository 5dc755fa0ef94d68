package io.sluice.analytics.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Evaluation on generated streams of real Loghub lines (8 systems as 8 services, two days of
 * one-minute windows each) with 8 incidents of every kind injected at random positions from fixed
 * seeds: prints precision, recall and F1 per incident kind, per finding type and overall, and
 * holds them above floors. The detectors run with their defaults. Rerun with
 * {@code ./mvnw -B -o -pl analytics-service test -Dtest=AnomalyEvaluationTest}.
 */
class AnomalyEvaluationTest {

    private static final int WINDOWS = 2 * 24 * 60;
    private static final long[] SEEDS = {11, 23, 47};

    @Test
    void findsMostInjectedIncidentsWithFewFalseFindings() {
        List<LoghubLines> systems = LoghubLines.all();
        List<IncidentStream.Incident> labels = new ArrayList<>();
        List<Anomaly> findings = new ArrayList<>();
        IncidentStream reference = null;
        int offset = 0;
        for (long seed : SEEDS) {
            IncidentStream stream = new IncidentStream(systems, seed, WINDOWS, 60_000);
            stream.injectRandom(8, 12 * 60, 30);
            AnomalyDetector detector = new AnomalyDetector(DetectorSettings.DEFAULTS);
            DetectorState state = new DetectorState();
            List<Anomaly> own = new ArrayList<>();
            for (WindowCounts w : stream.generate(3)) {
                own.addAll(detector.close("eval", state, w));
            }
            Scoring s = new Scoring(stream.incidents(), own, stream);
            System.out.printf("seed %d: %d incidents, %d findings%n%s%n", seed, stream.incidents().size(), own.size(), s.table());
            s.falsePositives().forEach(a -> System.out.println("  false: " + a.type() + " @" + a.windowStart() + " " + a.explanation()));
            s.missed().forEach(i -> System.out.println("  missed: " + i));
            // Streams of later seeds are laid after the earlier ones so that one scoring covers all.
            long shift = offset * 60_000L;
            own.forEach(a -> findings.add(new Anomaly(a.tenant(), a.type(), a.service(), a.series(), a.windowStart() + shift,
                    a.windowMillis(), a.expected(), a.actual(), a.score(), a.samples(), a.explanation())));
            for (IncidentStream.Incident i : stream.incidents()) {
                labels.add(new IncidentStream.Incident(i.kind(), i.service(), i.first() + offset, i.last() + offset, i.detail()));
            }
            reference = stream;
            offset += WINDOWS + 100;
        }
        Scoring total = new Scoring(labels, findings, reference);
        System.out.println("=== anomaly evaluation: " + SEEDS.length + " seeds × 2 days × 8 services ===\n" + total.table());

        Scoring.Counts o = total.overall();
        assertThat(o.recall()).as("overall recall").isGreaterThanOrEqualTo(0.75);
        assertThat(o.precision()).as("overall precision").isGreaterThanOrEqualTo(0.8);
        for (IncidentStream.Kind k : IncidentStream.Kind.values()) {
            assertThat(total.of(k).recall()).as("recall of " + k).isGreaterThanOrEqualTo(0.6);
            assertThat(total.of(k).precision()).as("precision of the findings describing " + k).isGreaterThanOrEqualTo(0.6);
        }
    }
}
