package io.sluice.alert.route;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One alert as routing sees it: identified by its labels (see {@link Fingerprint}), firing from
 * {@code startsAt} until {@code endsAt} (null while it fires). Times are epoch milliseconds.
 * Immutable; the label maps are sorted copies.
 *
 * @param labels identifying labels ({@code alertname}, {@code tenant}, {@code rule_id}, …)
 * @param annotations descriptive texts, not part of the identity
 * @param startsAt when it started firing
 * @param endsAt when it resolved, or null
 * @param value the observed value that made it fire, or null
 */
public record Alert(Map<String, String> labels, Map<String, String> annotations, long startsAt, Long endsAt, Double value) {

    public Alert {
        labels = Map.copyOf(new TreeMap<>(Objects.requireNonNull(labels, "labels")));
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** The alert's identity. */
    public String fingerprint() {
        return Fingerprint.of(labels);
    }

    /** Whether it has resolved by {@code now}. */
    public boolean resolvedAt(long now) {
        return endsAt != null && endsAt <= now;
    }
}
