package io.sluice.alert.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.alert.route.GroupingModel.Sent;
import io.sluice.alert.route.RoutingSpec.InhibitRuleSpec;
import io.sluice.alert.route.RoutingSpec.RouteSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alertmanager's grouping timeline, checked second by second against a manual clock. */
class GroupFlushTest {

    private static final long S = 1000;

    private static GroupingModel model(String wait, String interval, String repeat, Boolean sendResolved, List<InhibitRuleSpec> inhibit) {
        return new GroupingModel(RoutingConfig.validate(new RoutingSpec(
                new RouteSpec("ops", List.of("team"), wait, interval, repeat, sendResolved, null, null, null), inhibit)));
    }

    private static Map<String, String> alert(String name, String team) {
        return Map.of("alertname", name, "team", team);
    }

    @Test
    void alertsArrivingWithinGroupWaitGoOutAsOneNotificationAfterGroupWait() {
        GroupingModel m = model("10s", "1m", "4h", null, null);
        m.fire(alert("a", "db"));
        assertThat(m.advance(3 * S)).isEmpty();
        m.fire(alert("b", "db"));
        m.fire(alert("c", "web"));
        assertThat(m.advance(6 * S)).as("9 s after the first alert").isEmpty();

        List<Sent> sent = m.advance(1 * S);

        assertThat(sent).containsExactly(new Sent("ops", "{}:{team=\"db\"}", List.of("a", "b"), List.of()));
        assertThat(m.advance(3 * S)).as("web's group started 3 s later")
                .containsExactly(new Sent("ops", "{}:{team=\"web\"}", List.of("c"), List.of()));
    }

    @Test
    void aGroupWaitOfZeroNotifiesImmediately() {
        GroupingModel m = model("0s", "1m", "4h", null, null);
        m.fire(alert("a", "db"));

        assertThat(m.advance(0)).containsExactly(new Sent("ops", "{}:{team=\"db\"}", List.of("a"), List.of()));
    }

    @Test
    void aNewAlertInANotifiedGroupWaitsForGroupIntervalAndDuplicatesAreNotSent() {
        GroupingModel m = model("0s", "1m", "4h", null, null);
        m.fire(alert("a", "db"));
        assertThat(m.advance(0)).hasSize(1);
        m.advance(10 * S);
        m.fire(alert("a", "db"));
        m.fire(alert("b", "db"));
        assertThat(m.advance(49 * S)).as("before group_interval").isEmpty();

        assertThat(m.advance(1 * S)).containsExactly(new Sent("ops", "{}:{team=\"db\"}", List.of("a", "b"), List.of()));
        assertThat(m.advance(10 * 60 * S)).as("nothing changed: no duplicates for 10 group intervals").isEmpty();
    }

    @Test
    void anUnchangedGroupIsResentAfterRepeatIntervalOnAGroupIntervalTick() {
        GroupingModel m = model("0s", "1m", "5m", null, null);
        m.fire(alert("a", "db"));
        assertThat(m.advance(0)).hasSize(1);

        assertThat(m.advance(299 * S)).isEmpty();
        assertThat(m.advance(1 * S)).containsExactly(new Sent("ops", "{}:{team=\"db\"}", List.of("a"), List.of()));
        assertThat(m.advance(299 * S)).isEmpty();
        assertThat(m.advance(1 * S)).hasSize(1);
    }

    @Test
    void resolvedAlertsAreNotifiedWhenSomeAndWhenAllResolve() {
        GroupingModel m = model("0s", "1m", "4h", null, null);
        m.fire(alert("a", "db"));
        m.fire(alert("b", "db"));
        assertThat(m.advance(0)).hasSize(1);

        m.advance(5 * S);
        m.resolve(alert("a", "db"));
        assertThat(m.advance(55 * S)).containsExactly(new Sent("ops", "{}:{team=\"db\"}", List.of("b"), List.of("a")));

        m.resolve(alert("b", "db"));
        assertThat(m.advance(60 * S)).containsExactly(new Sent("ops", "{}:{team=\"db\"}", List.of(), List.of("b")));
        assertThat(m.advance(60 * 60 * S)).as("the group is gone: resolved once, not repeated").isEmpty();
    }

    @Test
    void withoutSendResolvedOnlyFiringChangesAreNotified() {
        GroupingModel m = model("0s", "1m", "4h", false, null);
        m.fire(alert("a", "db"));
        m.fire(alert("b", "db"));
        assertThat(m.advance(0)).hasSize(1);
        m.resolve(alert("a", "db"));
        m.resolve(alert("b", "db"));

        assertThat(m.advance(60 * 60 * S)).isEmpty();
    }

    @Test
    void anAlertThatResolvesBeforeGroupWaitIsNeverNotified() {
        GroupingModel m = model("30s", "1m", "4h", null, null);
        m.fire(alert("blip", "db"));
        m.advance(10 * S);
        m.resolve(alert("blip", "db"));

        assertThat(m.advance(60 * 60 * S)).isEmpty();
    }

    @Test
    void aGroupIsCreatedAgainWithGroupWaitAfterItEmptied() {
        GroupingModel m = model("10s", "1m", "4h", null, null);
        m.fire(alert("a", "db"));
        assertThat(m.advance(10 * S)).hasSize(1);
        m.resolve(alert("a", "db"));
        assertThat(m.advance(60 * S)).containsExactly(new Sent("ops", "{}:{team=\"db\"}", List.of(), List.of("a")));

        m.fire(alert("a", "db"));
        assertThat(m.advance(9 * S)).isEmpty();
        assertThat(m.advance(1 * S)).containsExactly(new Sent("ops", "{}:{team=\"db\"}", List.of("a"), List.of()));
    }

    @Test
    void silencedAlertsAreLeftOutAndNotifiedOnceTheSilenceEnds() {
        GroupingModel m = model("0s", "1m", "4h", null, null);
        m.silence((a, now) -> a.labels().get("alertname").equals("noisy") && now < 120 * S);
        m.fire(alert("noisy", "db"));
        m.fire(alert("real", "db"));

        assertThat(m.advance(0)).containsExactly(new Sent("ops", "{}:{team=\"db\"}", List.of("real"), List.of()));
        assertThat(m.advance(119 * S)).isEmpty();
        assertThat(m.advance(1 * S)).containsExactly(new Sent("ops", "{}:{team=\"db\"}", List.of("noisy", "real"), List.of()));
    }

    @Test
    void anAlertSilencedForItsWholeLifeIsNeverNotifiedNorResolved() {
        GroupingModel m = model("0s", "1m", "4h", null, null);
        m.silence((a, now) -> true);
        m.fire(alert("muted", "db"));
        m.advance(30 * S);
        m.resolve(alert("muted", "db"));

        assertThat(m.advance(60 * 60 * S)).isEmpty();
    }

    @Test
    void anInhibitedAlertIsLeftOutWhileItsSourceFires() {
        GroupingModel m = model("0s", "1m", "4h", null,
                List.of(new InhibitRuleSpec(List.of("alertname=\"DatabaseDown\""), List.of("alertname=~\"Slow.*\""), List.of("team"))));
        m.fire(alert("DatabaseDown", "db"));
        m.fire(alert("SlowQueries", "db"));
        m.fire(alert("SlowPages", "web"));

        assertThat(m.advance(0)).containsExactlyInAnyOrder(
                new Sent("ops", "{}:{team=\"db\"}", List.of("DatabaseDown"), List.of()),
                new Sent("ops", "{}:{team=\"web\"}", List.of("SlowPages"), List.of()));

        m.resolve(alert("DatabaseDown", "db"));
        assertThat(m.advance(60 * S)).as("the source resolved: the target is notified")
                .containsExactly(new Sent("ops", "{}:{team=\"db\"}", List.of("SlowQueries"), List.of("DatabaseDown")));
    }
}
