package io.sluice.analytics.anomaly;

import io.sluice.analytics.anomaly.IncidentStream.Incident;
import io.sluice.analytics.anomaly.IncidentStream.Kind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores findings against labelled incidents. A finding is a true positive when it names the
 * service of an incident and its window lies from the incident's first window to two windows after
 * its last; an incident is detected when such a finding is of a kind that describes it (a burst by
 * a spike or template shift, a silence by a drop or template shift, a new template by a new-template
 * finding, an error storm by an error-share jump or a spike).
 */
final class Scoring {

    static final int TOLERANCE_WINDOWS = 2;

    static final Map<Kind, Set<AnomalyType>> DESCRIBES = Map.of(
            Kind.BURST, Set.of(AnomalyType.RATE_SPIKE, AnomalyType.TEMPLATE_SHIFT),
            Kind.SILENCE, Set.of(AnomalyType.RATE_DROP, AnomalyType.TEMPLATE_SHIFT),
            Kind.NEW_TEMPLATE, Set.of(AnomalyType.NEW_TEMPLATE),
            Kind.ERROR_STORM, Set.of(AnomalyType.ERROR_RATIO_JUMP, AnomalyType.RATE_SPIKE));

    record Counts(int truePositives, int falsePositives, int incidents, int detected) {

        double precision() {
            return truePositives + falsePositives == 0 ? 1.0 : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return incidents == 0 ? 1.0 : (double) detected / incidents;
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    private final Map<AnomalyType, int[]> byFinding = new EnumMap<>(AnomalyType.class);
    private final Map<Kind, int[]> byIncident = new EnumMap<>(Kind.class);
    private final List<Anomaly> falsePositives = new ArrayList<>();
    private final List<Incident> missed = new ArrayList<>();
    private int tp;
    private int fp;
    private int incidents;
    private int detected;

    Scoring(List<Incident> labels, List<Anomaly> findings, IncidentStream stream) {
        for (Anomaly a : findings) {
            boolean hit = labels.stream().anyMatch(i -> covers(i, a, stream));
            int[] c = byFinding.computeIfAbsent(a.type(), t -> new int[2]);
            c[hit ? 0 : 1]++;
            if (hit) {
                tp++;
            } else {
                fp++;
                falsePositives.add(a);
            }
        }
        for (Incident i : labels) {
            boolean found = findings.stream().anyMatch(a -> covers(i, a, stream) && DESCRIBES.get(i.kind()).contains(a.type()));
            int[] c = byIncident.computeIfAbsent(i.kind(), k -> new int[2]);
            c[0]++;
            incidents++;
            if (found) {
                c[1]++;
                detected++;
            } else {
                missed.add(i);
            }
        }
    }

    static boolean covers(Incident i, Anomaly a, IncidentStream stream) {
        return a.service().equals(i.service()) && a.windowStart() >= stream.windowStart(i.first())
                && a.windowStart() <= stream.windowStart(i.last() + TOLERANCE_WINDOWS);
    }

    Counts overall() {
        return new Counts(tp, fp, incidents, detected);
    }

    /** Per incident kind: recall of that kind, precision of the finding types that describe it. */
    Counts of(Kind kind) {
        int[] inc = byIncident.getOrDefault(kind, new int[2]);
        int t = 0;
        int f = 0;
        for (AnomalyType type : DESCRIBES.get(kind)) {
            int[] c = byFinding.getOrDefault(type, new int[2]);
            t += c[0];
            f += c[1];
        }
        return new Counts(t, f, inc[0], inc[1]);
    }

    Counts of(AnomalyType type) {
        int[] c = byFinding.getOrDefault(type, new int[2]);
        return new Counts(c[0], c[1], 0, 0);
    }

    List<Anomaly> falsePositives() {
        return falsePositives;
    }

    List<Incident> missed() {
        return missed;
    }

    String table() {
        StringBuilder sb = new StringBuilder("| incident kind | incidents | detected | recall | precision* | F1 |\n|---|---|---|---|---|---|\n");
        for (Kind k : Kind.values()) {
            Counts c = of(k);
            sb.append(String.format("| %s | %d | %d | %.2f | %.2f | %.2f |%n", k, c.incidents(), c.detected(), c.recall(), c.precision(), c.f1()));
        }
        Counts o = overall();
        sb.append(String.format("| overall | %d | %d | %.2f | %.2f | %.2f |%n", o.incidents(), o.detected(), o.recall(), o.precision(), o.f1()));
        sb.append("\n| finding type | true | false | precision |\n|---|---|---|---|\n");
        for (AnomalyType t : AnomalyType.values()) {
            Counts c = of(t);
            sb.append(String.format("| %s | %d | %d | %.2f |%n", t, c.truePositives(), c.falsePositives(), c.precision()));
        }
        return sb.toString();
    }
}
