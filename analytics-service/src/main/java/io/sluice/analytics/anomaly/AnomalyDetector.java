package io.sluice.analytics.anomaly;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Judges one tenant's windows, in order, against what it learned from the earlier ones: rate spikes
 * and drops per service × level (hour-of-day aware), error-share jumps per service, never-seen
 * templates per service and sharp frequency changes per template. Pure (no I/O) and stateless
 * itself: the tenant's {@link DetectorState} is passed in and updated, so the caller decides where
 * it lives. A finding is raised when a series turns anomalous, not again while it stays so. Not
 * thread-safe for one state; one caller per tenant at a time.
 */
public final class AnomalyDetector {

    private static final Set<String> ERROR_LEVELS = Set.of("ERROR", "FATAL");

    private final DetectorSettings settings;

    public AnomalyDetector(DetectorSettings settings) {
        this.settings = settings;
    }

    public DetectorSettings settings() {
        return settings;
    }

    /**
     * Judges {@code window} (which must start after {@code state.lastWindow}) and learns it.
     *
     * @return the findings of this window, strongest first per kind
     */
    public List<Anomaly> close(String tenant, DetectorState state, WindowCounts window) {
        if (window.windowStart() <= state.lastWindow) {
            return List.of();
        }
        int hour = (int) Math.floorMod(Math.floorDiv(window.windowStart(), 3_600_000L), 24L);
        List<Anomaly> out = new ArrayList<>();
        rates(tenant, state, window, hour, out);
        errorShares(tenant, state, window, out);
        newTemplates(tenant, state, window, out);
        templateShifts(tenant, state, window, out);
        state.lastWindow = window.windowStart();
        return out;
    }

    private void rates(String tenant, DetectorState state, WindowCounts w, int hour, List<Anomaly> out) {
        Set<String> keys = new HashSet<>(state.rates.keySet());
        w.levels().forEach((service, levels) -> {
            keys.add(Series.rate(service, Series.ALL_LEVELS));
            levels.keySet().forEach(level -> keys.add(Series.rate(service, level)));
        });
        // One finding per service and direction: the most surprising of its level series and its total.
        Map<String, Anomaly> strongest = new TreeMap<>();
        for (String key : keys) {
            String service = Series.service(key);
            String level = Series.last(key);
            long actual = level.equals(Series.ALL_LEVELS) ? w.linesOf(service)
                    : w.levels().getOrDefault(service, Map.of()).getOrDefault(level, 0L);
            SeriesBaseline b = state.rates.computeIfAbsent(key, k -> SeriesBaseline.create(true));
            SeriesBaseline.Verdict v = b.judge(actual, hour, settings);
            boolean anomalous = v.kind() != SeriesBaseline.Verdict.Kind.NORMAL;
            Anomaly a = null;
            if (v.kind() == SeriesBaseline.Verdict.Kind.HIGH && !b.high) {
                a = finding(tenant, AnomalyType.RATE_SPIKE, service, Series.rateName(key), w, v.expected(), actual, v.score(),
                        w.samples().getOrDefault(key, List.of()),
                        String.format("%s logged %d lines in the window, %.1f expected (%.1f×)", Series.rateName(key), actual,
                                v.expected(), actual / Math.max(v.expected(), 0.1)));
            } else if (v.kind() == SeriesBaseline.Verdict.Kind.LOW && !b.low) {
                a = finding(tenant, AnomalyType.RATE_DROP, service, Series.rateName(key), w, v.expected(), actual, v.score(),
                        w.samples().getOrDefault(key, List.of()),
                        actual == 0
                                ? String.format("%s went silent: no lines for %d window(s), %.1f expected", Series.rateName(key),
                                        b.quietWindows + 1, v.expected())
                                : String.format("%s dropped to %d lines in the window, %.1f expected", Series.rateName(key), actual,
                                        v.expected()));
            }
            if (a != null) {
                strongest.merge(service + "\t" + a.type(), a, (x, y) -> x.score() >= y.score() ? x : y);
            }
            b.high = v.kind() == SeriesBaseline.Verdict.Kind.HIGH;
            b.low = v.kind() == SeriesBaseline.Verdict.Kind.LOW;
            b.update(actual, hour, anomalous, settings);
            if (b.faded(settings)) {
                state.rates.remove(key);
            }
        }
        out.addAll(strongest.values());
    }

    private void errorShares(String tenant, DetectorState state, WindowCounts w, List<Anomaly> out) {
        Set<String> services = new HashSet<>(state.ratios.keySet());
        services.addAll(w.levels().keySet());
        for (String service : services) {
            Map<String, Long> levels = w.levels().getOrDefault(service, Map.of());
            long lines = levels.values().stream().mapToLong(Long::longValue).sum();
            long errors = levels.entrySet().stream().filter(e -> ERROR_LEVELS.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
            RatioBaseline b = state.ratios.computeIfAbsent(service, s -> new RatioBaseline());
            double score = b.judge(errors, lines, settings);
            boolean anomalous = !Double.isNaN(score) && score >= settings.minScore();
            if (anomalous && !b.high) {
                List<String> samples = new ArrayList<>();
                for (String level : ERROR_LEVELS) {
                    samples.addAll(w.samples().getOrDefault(Series.rate(service, level), List.of()));
                }
                double usual = b.share();
                double share = (double) errors / lines;
                out.add(finding(tenant, AnomalyType.ERROR_RATIO_JUMP, service, "service=" + service + " error-share", w, usual, share, score,
                        samples.subList(0, Math.min(samples.size(), settings.maxSamples())),
                        String.format("service %s: %d of %d lines were ERROR/FATAL (%.0f%%), usually %.1f%%", service, errors, lines,
                                100 * share, 100 * usual)));
            }
            b.high = anomalous;
            b.update(errors, lines, anomalous, settings);
        }
    }

    private void newTemplates(String tenant, DetectorState state, WindowCounts w, List<Anomaly> out) {
        Set<String> services = new HashSet<>(state.vocabularies.keySet());
        services.addAll(w.templates().keySet());
        for (String service : services) {
            Vocabulary v = state.vocabularies.computeIfAbsent(service, s -> new Vocabulary());
            Map<Long, Long> templates = w.templates().getOrDefault(service, Map.of());
            long windowLines = templates.values().stream().mapToLong(Long::longValue).sum();
            double expectedNew = v.expectedNewLines(windowLines);
            boolean settled = v.windows >= settings.warmupWindows() && !v.full(settings.maxTemplatesPerService())
                    && v.expectedNewPerDay(settings) <= settings.newTemplatesPerDay();
            for (Map.Entry<Long, Long> t : templates.entrySet()) {
                long id = t.getKey();
                String text = w.templateTexts().get(id);
                if (settled && !v.knows(id) && !v.isVariant(text)) {
                    String key = Series.template(service, id);
                    out.add(finding(tenant, AnomalyType.NEW_TEMPLATE, service, Series.templateName(key), w, expectedNew, t.getValue(),
                            -Math.log10(Math.max(expectedNew, 1e-30)), w.samples().getOrDefault(key, List.of()),
                            String.format("service %s logged a template never seen in %d lines: \"%s\" (%d lines)", service, v.lines,
                                    text == null ? "?" : text, t.getValue())));
                }
            }
            templates.forEach((id, n) -> v.add(id, w.templateTexts().get(id), n, settings.maxTemplatesPerService()));
            v.windows++;
        }
    }

    private void templateShifts(String tenant, DetectorState state, WindowCounts w, List<Anomaly> out) {
        w.merged().forEach((service, ids) -> ids.keySet().forEach(from -> state.templates.remove(Series.template(service, from))));
        Set<String> keys = new HashSet<>(state.templates.keySet());
        boolean room = state.rates.size() + state.templates.size() < settings.maxSeries();
        if (room) {
            w.templates().forEach((service, ids) -> ids.keySet().forEach(id -> keys.add(Series.template(service, id))));
        }
        for (String key : keys) {
            String service = Series.service(key);
            long id = Long.parseLong(Series.last(key));
            long actual = w.templates().getOrDefault(service, Map.of()).getOrDefault(id, 0L);
            SeriesBaseline b = state.templates.computeIfAbsent(key, k -> SeriesBaseline.create(false));
            long serviceLines = w.templates().getOrDefault(service, Map.of()).values().stream().mapToLong(Long::longValue).sum();
            SeriesBaseline.Verdict v = b.judgeShare(actual, serviceLines, settings);
            boolean anomalous = v.kind() != SeriesBaseline.Verdict.Kind.NORMAL;
            // Upward only: a template's lines can move to another id when the miner regroups them, which
            // looks like that template stopping; drops are left to the rate series, which regrouping cannot fake.
            if (anomalous && !b.high) {
                String text = state.vocabularies.getOrDefault(service, new Vocabulary()).texts.getOrDefault(id, "?");
                out.add(finding(tenant, AnomalyType.TEMPLATE_SHIFT, service, Series.templateName(key), w, v.expected(), actual, v.score(),
                        w.samples().getOrDefault(key, List.of()),
                        String.format("template \"%s\" of service %s: %d of the service's %d lines in the window, %.1f expected from its usual share",
                                text, service, actual, serviceLines, v.expected())));
            }
            b.high = anomalous;
            b.updateShare(actual, serviceLines, anomalous, settings);
            if (b.fadedShare(settings)) {
                state.templates.remove(key);
            }
        }
    }

    private Anomaly finding(String tenant, AnomalyType type, String service, String series, WindowCounts w, double expected,
            double actual, double score, List<String> samples, String explanation) {
        return new Anomaly(tenant, type, service, series, w.windowStart(), settings.windowMillis(), expected, actual,
                Math.round(score * 100) / 100.0, samples, explanation);
    }
}
