package io.sluice.analytics.anomaly;

import io.sluice.patterns.Match;
import io.sluice.patterns.TemplateMiner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * A generated, labelled stream of one tenant's windows built from real Loghub lines: every system
 * is a service logging its own lines (drawn at random, Poisson volumes, a daily sine cycle with its
 * own amplitude and phase), with incidents injected at chosen or random positions. Normal traffic
 * is drawn from its own seeded generator, so a stream with and without an incident are identical
 * apart from the incident. A few templates per service are held out of normal traffic: they are the
 * material of the never-seen-template incidents. Template ids come from log-patterns' miner, one
 * per service, as in production.
 */
final class IncidentStream {

    enum Kind { BURST, SILENCE, NEW_TEMPLATE, ERROR_STORM }

    /** A labelled incident over windows {@code first..last} (indexes, inclusive). */
    record Incident(Kind kind, String service, int first, int last, String detail) {
    }

    private record Service(String name, double rate, double amplitude, double phaseHours, List<LoghubLines.Line> normal,
            List<LoghubLines.Line> errors, List<List<LoghubLines.Line>> heldOut) {
    }

    static final long START = 1_767_571_200_000L; // 2026-01-05T00:00:00Z, a Monday

    private final long windowMillis;
    private final int windows;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final List<Incident> incidents = new ArrayList<>();
    private final Map<String, Integer> heldOutUsed = new HashMap<>();
    private final long seed;

    IncidentStream(List<LoghubLines> systems, long seed, int windows, long windowMillis) {
        this.seed = seed;
        this.windows = windows;
        this.windowMillis = windowMillis;
        Random r = new Random(seed);
        for (LoghubLines s : systems) {
            Map<String, List<LoghubLines.Line>> byTemplate = s.lines().stream()
                    .collect(Collectors.groupingBy(LoghubLines.Line::eventId, LinkedHashMap::new, Collectors.toList()));
            List<String> candidates = byTemplate.entrySet().stream()
                    .filter(e -> e.getValue().size() >= 2 && e.getValue().size() <= s.lines().size() / 20)
                    .map(Map.Entry::getKey).sorted(Comparator.naturalOrder()).collect(Collectors.toList());
            java.util.Collections.shuffle(candidates, r);
            List<String> held = byTemplate.size() >= 6 ? candidates.subList(0, Math.min(2, candidates.size())) : List.of();
            List<LoghubLines.Line> normal = s.lines().stream().filter(l -> !held.contains(l.eventId())).toList();
            List<LoghubLines.Line> errors = normal.stream().filter(l -> l.level().equals("ERROR") || l.level().equals("FATAL")).toList();
            services.put(s.system(), new Service(s.system(), 10 + 50 * r.nextDouble(), 0.3 + 0.3 * r.nextDouble(), 24 * r.nextDouble(),
                    normal, errors, held.stream().map(byTemplate::get).toList()));
        }
    }

    List<String> services() {
        return List.copyOf(services.keySet());
    }

    List<Incident> incidents() {
        return List.copyOf(incidents);
    }

    /** Whether {@code service} still has a held-out template for a {@link Kind#NEW_TEMPLATE} incident. */
    boolean hasHeldOut(String service) {
        return heldOutUsed.getOrDefault(service, 0) < services.get(service).heldOut().size();
    }

    /** Injects one incident of {@code kind} into {@code service} starting at window {@code first}; magnitudes drawn from {@code r}. */
    Incident inject(Kind kind, String service, int first, Random r) {
        Incident i = switch (kind) {
            case BURST -> new Incident(kind, service, first, first + r.nextInt(3), String.format("%.1f", 4 + 4 * r.nextDouble()));
            case SILENCE -> new Incident(kind, service, first, first + 2 + r.nextInt(6), "");
            case NEW_TEMPLATE -> {
                int which = heldOutUsed.merge(service, 1, Integer::sum) - 1;
                yield new Incident(kind, service, first, first, which + ":" + (3 + r.nextInt(8)));
            }
            case ERROR_STORM -> new Incident(kind, service, first, first + r.nextInt(3), String.format("%.2f", 0.5 + r.nextDouble()));
        };
        incidents.add(i);
        return i;
    }

    /**
     * Injects {@code perKind} incidents of every kind at random services and positions from window
     * {@code earliest} on, at least {@code gap} windows apart within a service.
     */
    void injectRandom(int perKind, int earliest, int gap) {
        Random r = new Random(seed * 31 + 7);
        List<String> names = services();
        for (Kind kind : Kind.values()) {
            for (int n = 0; n < perKind; n++) {
                for (int attempt = 0; attempt < 1000; attempt++) {
                    String service = names.get(r.nextInt(names.size()));
                    int first = earliest + r.nextInt(windows - earliest - 12);
                    boolean free = incidents.stream().noneMatch(i -> i.service().equals(service)
                            && first <= i.last() + gap && i.first() <= first + 8 + gap);
                    if (free && (kind != Kind.NEW_TEMPLATE || hasHeldOut(service))) {
                        inject(kind, service, first, r);
                        break;
                    }
                }
            }
        }
    }

    long windowStart(int index) {
        return START + index * windowMillis;
    }

    /** Generates the windows, mining every line. */
    List<WindowCounts> generate(int maxSamples) {
        Random normalDraws = new Random(seed * 17 + 3);
        Random incidentDraws = new Random(seed * 13 + 5);
        Map<String, TemplateMiner> miners = new HashMap<>();
        List<WindowCounts> out = new ArrayList<>(windows);
        for (int w = 0; w < windows; w++) {
            WindowCounts.Builder b = new WindowCounts.Builder(windowStart(w), maxSamples);
            double hour = (windowStart(w) % 86_400_000L) / 3_600_000.0;
            for (Service s : services.values()) {
                TemplateMiner miner = miners.computeIfAbsent(s.name(), n -> new TemplateMiner());
                double rate = s.rate() * (1 + s.amplitude() * Math.sin(2 * Math.PI * (hour - s.phaseHours()) / 24)) * windowMillis / 60_000.0;
                int n = poisson(normalDraws, rate);
                List<LoghubLines.Line> lines = new ArrayList<>(n);
                for (int j = 0; j < n; j++) {
                    lines.add(s.normal().get(normalDraws.nextInt(s.normal().size())));
                }
                List<String> levels = new ArrayList<>(lines.stream().map(LoghubLines.Line::level).toList());
                for (Incident i : incidents) {
                    if (!i.service().equals(s.name()) || w < i.first() || w > i.last()) {
                        continue;
                    }
                    switch (i.kind()) {
                        case SILENCE -> {
                            lines.clear();
                            levels.clear();
                        }
                        case BURST -> {
                            int extra = (int) Math.round((Double.parseDouble(i.detail()) - 1) * rate);
                            for (int j = 0; j < extra; j++) {
                                LoghubLines.Line l = s.normal().get(incidentDraws.nextInt(s.normal().size()));
                                lines.add(l);
                                levels.add(l.level());
                            }
                        }
                        case ERROR_STORM -> {
                            int extra = (int) Math.max(5, Math.round(Double.parseDouble(i.detail()) * rate));
                            List<LoghubLines.Line> from = s.errors().isEmpty() ? s.normal() : s.errors();
                            for (int j = 0; j < extra; j++) {
                                lines.add(from.get(incidentDraws.nextInt(from.size())));
                                levels.add("ERROR");
                            }
                        }
                        case NEW_TEMPLATE -> {
                            String[] d = i.detail().split(":");
                            List<LoghubLines.Line> from = s.heldOut().get(Integer.parseInt(d[0]));
                            for (int j = 0; j < Integer.parseInt(d[1]); j++) {
                                LoghubLines.Line l = from.get(incidentDraws.nextInt(from.size()));
                                lines.add(l);
                                levels.add(l.level());
                            }
                        }
                    }
                }
                Map<Long, Long> aliasesBefore = miner.aliases();
                for (int j = 0; j < lines.size(); j++) {
                    Match m = miner.mine(lines.get(j).content());
                    b.add(s.name(), levels.get(j), m.templateId(), m.template(), lines.get(j).content());
                }
                if (miner.aliases().size() != aliasesBefore.size()) {
                    miner.aliases().forEach((from, into) -> {
                        if (!aliasesBefore.containsKey(from)) {
                            b.merged(s.name(), from, into);
                        }
                    });
                }
            }
            out.add(b.build());
        }
        return out;
    }

    private static int poisson(Random r, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > limit);
        return k - 1;
    }
}
