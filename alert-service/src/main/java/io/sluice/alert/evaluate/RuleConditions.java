package io.sluice.alert.evaluate;

import io.sluice.alert.intake.AnomalyInbox;
import io.sluice.alert.intake.MatchBuckets;
import io.sluice.alert.rule.AlertRule;
import io.sluice.alert.rule.MetricCondition;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * Observes a rule's condition at a given time, by kind: {@code count} and {@code metric} from the
 * match buckets, {@code absence} from the buckets but only once a full window has been observed
 * (since the rule's definition and since this process started, so neither a new rule nor a
 * restart fires on an empty window it did not watch), {@code anomaly} from the findings recorded
 * within the quiet period.
 */
public class RuleConditions {

    private static final int MAX_CACHED = 10_000;

    private final MatchBuckets buckets;
    private final AnomalyInbox anomalies;
    private final Duration anomalyQuietPeriod;
    private final long startedAt;
    private final Map<String, MetricCondition> metrics = new ConcurrentHashMap<>();

    /**
     * @param buckets the rules' match counts
     * @param anomalies the anomaly findings rules matched
     * @param anomalyQuietPeriod how long an anomaly rule stays firing without a new matching finding, unless the rule says
     * @param startedAt epoch milliseconds when this process began observing
     */
    public RuleConditions(MatchBuckets buckets, AnomalyInbox anomalies, Duration anomalyQuietPeriod, long startedAt) {
        this.buckets = buckets;
        this.anomalies = anomalies;
        this.anomalyQuietPeriod = anomalyQuietPeriod;
        this.startedAt = startedAt;
    }

    Mono<Observation> observe(AlertRule rule, long now) {
        long window = rule.windowSeconds() * 1000L;
        return switch (rule.kind()) {
            case COUNT -> buckets.sum(rule.id(), window, now).map(n -> new Observation(n > rule.threshold(), n, Map.of()));
            case METRIC -> {
                MetricCondition m = metric(rule.query());
                yield buckets.window(rule.id(), m.windowSeconds() * 1000L, now).map(w -> {
                    double v = m.value(seconds -> w.sum(seconds * 1000L));
                    return new Observation(m.holds(v), v, Map.of());
                });
            }
            case ABSENCE -> buckets.sum(rule.id(), window, now)
                    .map(n -> new Observation(n == 0 && now - Math.max(rule.definedAt(), startedAt) >= window, n, Map.of()));
            case ANOMALY -> {
                long quiet = rule.windowSeconds() > 0 ? window : anomalyQuietPeriod.toMillis();
                yield anomalies.latest(rule.id(), now - quiet)
                        .map(latest -> latest.map(a -> new Observation(true, a.score(), a.model())).orElse(Observation.NONE));
            }
        };
    }

    private MetricCondition metric(String query) {
        if (metrics.size() >= MAX_CACHED) {
            metrics.clear();
        }
        return metrics.computeIfAbsent(query, MetricCondition::parse);
    }
}
