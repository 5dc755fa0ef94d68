package io.sluice.analytics.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.analytics.anomaly.IncidentStream.Incident;
import io.sluice.analytics.anomaly.IncidentStream.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One incident of each kind in a stream of one service's real Loghub lines (a system drawn from a
 * fixed seed, 20 hours of one-minute windows, the incident in hour 17): it is flagged, by a finding
 * that describes it, within 2 windows of its start, while the same stream without it raises nothing
 * at all.
 */
class AnomalyScenarioTest {

    private static final int WINDOWS = 20 * 60;
    private static final int INCIDENT_AT = 17 * 60 + 7;
    private static final long SEED = 5;

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anInjectedIncidentIsFlaggedWithinTwoWindowsAndItsControlRaisesNothing(Kind kind) {
        List<LoghubLines> all = LoghubLines.all();
        IncidentStream everything = new IncidentStream(all, SEED, WINDOWS, 60_000);
        List<String> candidates = everything.services().stream().filter(s -> kind != Kind.NEW_TEMPLATE || everything.hasHeldOut(s)).toList();
        String service = candidates.get(new SplittableRandom(SEED + kind.ordinal()).nextInt(candidates.size()));
        Random r = new Random(SEED + kind.ordinal());
        List<LoghubLines> systems = all.stream().filter(s -> s.system().equals(service)).toList();

        List<Anomaly> control = run(new IncidentStream(systems, SEED, WINDOWS, 60_000));
        assertThat(control).as("findings on the stream of " + service + " without the incident").isEmpty();

        IncidentStream stream = new IncidentStream(systems, SEED, WINDOWS, 60_000);
        Incident incident = stream.inject(kind, service, INCIDENT_AT, r);
        List<Anomaly> findings = run(stream);
        System.out.println(incident + " -> " + findings);

        long deadline = stream.windowStart(incident.first() + Scoring.TOLERANCE_WINDOWS);
        assertThat(findings).as("findings describing " + incident)
                .anySatisfy(a -> {
                    assertThat(a.service()).isEqualTo(incident.service());
                    assertThat(Scoring.DESCRIBES.get(kind)).contains(a.type());
                    assertThat(a.windowStart()).isBetween(stream.windowStart(incident.first()), deadline);
                    assertThat(a.explanation()).isNotBlank();
                });
        assertThat(findings).as("every finding is about the incident").allSatisfy(a -> assertThat(Scoring.covers(incident, a, stream)).isTrue());
    }

    private static List<Anomaly> run(IncidentStream stream) {
        AnomalyDetector detector = new AnomalyDetector(DetectorSettings.DEFAULTS);
        DetectorState state = new DetectorState();
        List<Anomaly> out = new ArrayList<>();
        for (WindowCounts w : stream.generate(3)) {
            out.addAll(detector.close("scenario", state, w));
        }
        return out;
    }
}
