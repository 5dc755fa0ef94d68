package io.sluice.alert.notify;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One group notification handed to a {@link NotificationDispatcher}: what Alertmanager calls a
 * webhook message. The router builds it (grouping, silences and inhibition already applied); the
 * dispatcher renders it for the receiver's channel type and delivers it. Immutable; maps and lists
 * are copied.
 *
 * @param receiver name of the channel to deliver to (unique per tenant)
 * @param status {@link Status#FIRING} while any alert of the group fires, else {@link Status#RESOLVED}
 * @param groupKey identifies the group across notifications (stable for the same route and group labels)
 * @param groupLabels the labels the group was formed by
 * @param commonLabels labels every alert of the group carries with the same value
 * @param commonAnnotations annotations every alert of the group carries with the same value
 * @param alerts the group's alerts, at least one
 */
public record Notification(String receiver, Status status, String groupKey, Map<String, String> groupLabels,
        Map<String, String> commonLabels, Map<String, String> commonAnnotations, List<Alert> alerts) {

    public Notification {
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(status, "status");
        groupKey = groupKey == null ? "" : groupKey;
        groupLabels = groupLabels == null ? Map.of() : Map.copyOf(groupLabels);
        commonLabels = commonLabels == null ? Map.of() : Map.copyOf(commonLabels);
        commonAnnotations = commonAnnotations == null ? Map.of() : Map.copyOf(commonAnnotations);
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }

    /** Whether a group notification tells of firing or resolved alerts; JSON form lower case. */
    public enum Status {
        FIRING, RESOLVED;

        /** {@code firing} or {@code resolved}, as in Alertmanager's webhook body. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One alert of the group.
     *
     * @param labels identifying labels ({@code alertname}, {@code service}, {@code severity}, …)
     * @param annotations descriptive texts ({@code summary}, {@code description}, …), already rendered
     * @param startsAt when it started firing
     * @param endsAt when it resolved; null while it still fires
     * @param fingerprint stable hash of {@code labels}
     * @param value the observed value that made it fire (a count, ratio or score); null when none
     */
    public record Alert(Map<String, String> labels, Map<String, String> annotations, Instant startsAt, Instant endsAt,
            String fingerprint, Double value) {

        public Alert {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
            Objects.requireNonNull(startsAt, "startsAt");
            fingerprint = fingerprint == null ? "" : fingerprint;
        }

        /** {@link Status#RESOLVED} once {@code endsAt} is set, else {@link Status#FIRING}. */
        public Status status() {
            return endsAt == null ? Status.FIRING : Status.RESOLVED;
        }
    }
}
