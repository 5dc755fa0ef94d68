package io.sluice.alert.channel;

import io.sluice.alert.notify.Notification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Alertmanager's webhook message (version 4) for a {@link Notification}, so any receiver written
 * for Alertmanager accepts Sluice's generic webhook unchanged. Also the model that message
 * templates render against. Field order follows Alertmanager's; label maps are sorted by name.
 */
public final class AlertmanagerBody {

    /** What Alertmanager sends as {@code endsAt} of an alert still firing. */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private AlertmanagerBody() {
    }

    /** The message for {@code n}; {@code externalUrl} may be empty. */
    public static Map<String, Object> of(Notification n, String externalUrl) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", "4");
        body.put("groupKey", n.groupKey());
        body.put("truncatedAlerts", 0);
        body.put("status", n.status().wire());
        body.put("receiver", n.receiver());
        body.put("groupLabels", new TreeMap<>(n.groupLabels()));
        body.put("commonLabels", new TreeMap<>(n.commonLabels()));
        body.put("commonAnnotations", new TreeMap<>(n.commonAnnotations()));
        body.put("externalURL", externalUrl == null ? "" : externalUrl);
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Notification.Alert a : n.alerts()) {
            Map<String, Object> alert = new LinkedHashMap<>();
            alert.put("status", a.status().wire());
            alert.put("labels", new TreeMap<>(a.labels()));
            alert.put("annotations", new TreeMap<>(a.annotations()));
            alert.put("startsAt", time(a.startsAt()));
            alert.put("endsAt", a.endsAt() == null ? ZERO_TIME : time(a.endsAt()));
            alert.put("generatorURL", "");
            alert.put("fingerprint", a.fingerprint());
            if (a.value() != null) {
                alert.put("value", a.value());
            }
            alerts.add(alert);
        }
        body.put("alerts", alerts);
        return body;
    }

    /** The notification a message made by {@link #of} was made from (to resume a stored one). */
    public static Notification parse(JsonNode body) {
        List<Notification.Alert> alerts = new ArrayList<>();
        for (JsonNode a : body.path("alerts")) {
            String endsAt = a.path("endsAt").asString("");
            alerts.add(new Notification.Alert(strings(a.path("labels")), strings(a.path("annotations")),
                    Instant.parse(a.path("startsAt").asString()),
                    endsAt.isEmpty() || endsAt.equals(ZERO_TIME) ? null : Instant.parse(endsAt),
                    a.path("fingerprint").asString(""),
                    a.hasNonNull("value") ? a.get("value").asDouble() : null));
        }
        return new Notification(body.path("receiver").asString(),
                Notification.Status.valueOf(body.path("status").asString().toUpperCase(java.util.Locale.ROOT)),
                body.path("groupKey").asString(""), strings(body.path("groupLabels")), strings(body.path("commonLabels")),
                strings(body.path("commonAnnotations")), alerts);
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString()));
        return out;
    }

    private static String time(Instant t) {
        return t.toString();
    }
}
