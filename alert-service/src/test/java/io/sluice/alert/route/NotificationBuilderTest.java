package io.sluice.alert.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.alert.notify.Notification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NotificationBuilderTest {

    @Test
    void carriesFiringThenResolvedAlertsWithTheLabelsAndAnnotationsTheyShare() {
        Alert firing = new Alert(Map.of("alertname", "a", "team", "db", "host", "1"), Map.of("runbook", "r", "summary", "x"), 1000, null, 5.0);
        Alert resolved = new Alert(Map.of("alertname", "b", "team", "db", "host", "1"), Map.of("runbook", "r", "summary", "y"), 500, 2000L, null);
        GroupFlush flush = new GroupFlush(true, List.of(firing), List.of(resolved), new GroupState(0, 0L, Set.of()));

        Notification n = NotificationBuilder.of("ops", "{}:{team=\"db\"}", Map.of("team", "db"), flush);

        assertThat(n.status()).isEqualTo(Notification.Status.FIRING);
        assertThat(n.receiver()).isEqualTo("ops");
        assertThat(n.commonLabels()).isEqualTo(Map.of("team", "db", "host", "1"));
        assertThat(n.commonAnnotations()).isEqualTo(Map.of("runbook", "r"));
        assertThat(n.alerts()).extracting(Notification.Alert::fingerprint).containsExactly(firing.fingerprint(), resolved.fingerprint());
        assertThat(n.alerts().get(0).endsAt()).isNull();
        assertThat(n.alerts().get(0).value()).isEqualTo(5.0);
        assertThat(n.alerts().get(1).endsAt()).isEqualTo(Instant.ofEpochMilli(2000));
        assertThat(n.alerts().get(1).status()).isEqualTo(Notification.Status.RESOLVED);
    }

    @Test
    void isResolvedWhenNothingFiresAnyMore() {
        Alert resolved = new Alert(Map.of("alertname", "b"), Map.of(), 500, 2000L, null);

        Notification n = NotificationBuilder.of("ops", "k", Map.of(), new GroupFlush(true, List.of(), List.of(resolved), null));

        assertThat(n.status()).isEqualTo(Notification.Status.RESOLVED);
    }
}
