package io.sluice.alert.route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Alertmanager's dispatcher built from the pure pieces in memory, driven by a manual clock: what
 * {@code GroupStore} and {@code GroupFlusher} do with MySQL, minus the I/O. For unit tests.
 */
final class GroupingModel {

    record Sent(String receiver, String groupKey, List<String> firing, List<String> resolved) {
    }

    private record Group(Route route, List<String> members) {
    }

    private final RoutingConfig config;
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, GroupState> states = new LinkedHashMap<>();
    private BiPredicate<Alert, Long> silenced = (a, now) -> false;
    long now;

    GroupingModel(RoutingConfig config) {
        this.config = config;
    }

    void silence(BiPredicate<Alert, Long> silenced) {
        this.silenced = silenced;
    }

    /** An alert fires (or changes) now. */
    void fire(Map<String, String> labels) {
        Alert a = new Alert(labels, Map.of(), now, null, null);
        Alert old = alerts.get(a.fingerprint());
        Alert stored = old != null && !old.resolvedAt(now) ? old : a;
        alerts.put(a.fingerprint(), stored);
        for (Route r : config.match(labels)) {
            String key = r.groupKey(labels);
            if (!groups.containsKey(key)) {
                groups.put(key, new Group(r, new ArrayList<>()));
                states.put(key, GroupState.created(r, stored, now));
            }
        }
    }

    /** An alert resolves now. */
    void resolve(Map<String, String> labels) {
        Alert a = alerts.get(Fingerprint.of(labels));
        alerts.put(a.fingerprint(), new Alert(a.labels(), a.annotations(), a.startsAt(), now, a.value()));
    }

    /** Advances the clock by {@code millis}, flushing every group that comes due, in time order. */
    List<Sent> advance(long millis) {
        long until = now + millis;
        List<Sent> sent = new ArrayList<>();
        while (true) {
            String next = null;
            for (Map.Entry<String, GroupState> e : states.entrySet()) {
                if (e.getValue().nextFlushAt() <= until && (next == null || e.getValue().nextFlushAt() < states.get(next).nextFlushAt())) {
                    next = e.getKey();
                }
            }
            if (next == null) {
                now = until;
                return sent;
            }
            now = Math.max(now, states.get(next).nextFlushAt());
            sent.addAll(flush(next));
        }
    }

    private List<Sent> flush(String key) {
        Route route = groups.get(key).route();
        List<Alert> members = alerts.values().stream()
                .filter(a -> config.match(a.labels()).stream().anyMatch(r -> r.id().equals(route.id())) && route.groupKey(a.labels()).equals(key))
                .toList();
        List<Alert> all = List.copyOf(alerts.values());
        GroupFlush f = GroupFlush.of(route, states.get(key), members,
                a -> silenced.test(a, now) || InhibitRule.mutes(config.inhibitRules(), a, all, now), now);
        if (f.next() == null) {
            states.remove(key);
            groups.remove(key);
        } else {
            states.put(key, f.next());
        }
        if (!f.send()) {
            return List.of();
        }
        return List.of(new Sent(route.receiver(), key, names(f.firing()), names(f.resolved())));
    }

    private static List<String> names(List<Alert> alerts) {
        return alerts.stream().map(a -> a.labels().get("alertname")).toList();
    }
}
