package io.sluice.alert.route;

import io.sluice.alert.notify.Notification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns a group flush into the {@link Notification} the dispatcher delivers. Pure. */
final class NotificationBuilder {

    private NotificationBuilder() {
    }

    static Notification of(String receiver, String groupKey, Map<String, String> groupLabels, GroupFlush flush) {
        List<Alert> alerts = new ArrayList<>(flush.firing());
        alerts.addAll(flush.resolved());
        List<Notification.Alert> out = alerts.stream().map(a -> new Notification.Alert(a.labels(), a.annotations(),
                Instant.ofEpochMilli(a.startsAt()), a.endsAt() == null ? null : Instant.ofEpochMilli(a.endsAt()), a.fingerprint(), a.value()))
                .toList();
        Notification.Status status = flush.firing().isEmpty() ? Notification.Status.RESOLVED : Notification.Status.FIRING;
        return new Notification(receiver, status, groupKey, groupLabels, common(alerts, true), common(alerts, false), out);
    }

    private static Map<String, String> common(List<Alert> alerts, boolean labels) {
        if (alerts.isEmpty()) {
            return Map.of();
        }
        Map<String, String> common = new HashMap<>(labels ? alerts.get(0).labels() : alerts.get(0).annotations());
        for (Alert a : alerts) {
            Map<String, String> m = labels ? a.labels() : a.annotations();
            common.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
        }
        return common;
    }
}
