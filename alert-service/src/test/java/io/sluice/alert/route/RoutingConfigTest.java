package io.sluice.alert.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.alert.route.RoutingSpec.InhibitRuleSpec;
import io.sluice.alert.route.RoutingSpec.RouteSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingConfigTest {

    private static RouteSpec route(String receiver, List<String> matchers, Boolean cont, List<RouteSpec> routes) {
        return new RouteSpec(receiver, null, null, null, null, null, matchers, cont, routes);
    }

    @Test
    void childrenInheritTheirParentsSettingsAndTheRootHasAlertmanagersDefaults() {
        RouteSpec child = new RouteSpec(null, null, "0s", null, null, null, List.of("team=\"db\""), null,
                List.of(new RouteSpec("db-pager", List.of("..."), null, null, "1h", false, List.of("severity=\"critical\""), null, null)));
        RoutingConfig config = RoutingConfig.validate(new RoutingSpec(
                new RouteSpec("ops", List.of("alertname"), null, "1m", null, null, null, null, List.of(child)), null));

        Route root = config.root();
        assertThat(root.receiver()).isEqualTo("ops");
        assertThat(root.groupWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(root.groupInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(root.repeatInterval()).isEqualTo(Duration.ofHours(4));
        assertThat(root.sendResolved()).isTrue();

        Route db = root.routes().get(0);
        assertThat(db.receiver()).isEqualTo("ops");
        assertThat(db.groupBy()).containsExactly("alertname");
        assertThat(db.groupWait()).isZero();
        assertThat(db.groupInterval()).isEqualTo(Duration.ofMinutes(1));

        Route pager = db.routes().get(0);
        assertThat(pager.receiver()).isEqualTo("db-pager");
        assertThat(pager.groupByAll()).isTrue();
        assertThat(pager.groupWait()).as("inherited from its parent, not the root").isZero();
        assertThat(pager.repeatInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(pager.sendResolved()).isFalse();
        assertThat(root.find(pager.id())).isSameAs(pager);
    }

    @Test
    void theFirstMatchingChildTakesTheAlertUnlessItContinues() {
        RoutingConfig config = RoutingConfig.validate(new RoutingSpec(route("default", null, null, List.of(
                route("audit", List.of("severity=~\".+\""), true, null),
                route("db", List.of("team=\"db\""), null, List.of(route("db-critical", List.of("severity=\"critical\""), null, null))),
                route("db-too", List.of("team=\"db\""), null, null),
                route("web", List.of("team=\"web\""), null, null))), null));

        assertThat(receivers(config, Map.of("team", "db", "severity", "critical"))).containsExactly("audit", "db-critical");
        assertThat(receivers(config, Map.of("team", "db", "severity", "info"))).as("no child of db matches: db itself")
                .containsExactly("audit", "db");
        assertThat(receivers(config, Map.of("team", "web"))).containsExactly("web");
        assertThat(receivers(config, Map.of("team", "mobile"))).as("nothing matches: the root").containsExactly("default");
        assertThat(config.receivers()).containsExactly("default", "audit", "db", "db-critical", "db-too", "web");
    }

    @Test
    void groupKeysSeparateRoutesAndGroupLabels() {
        RoutingConfig config = RoutingConfig.validate(new RoutingSpec(new RouteSpec("ops", List.of("alertname", "team"), null, null, null,
                null, null, null, List.of(route("db", List.of("team=\"db\""), null, null))), null));
        Route root = config.root();
        Route db = root.routes().get(0);
        Map<String, String> a = Map.of("alertname", "x", "team", "db", "instance", "1");
        Map<String, String> b = Map.of("alertname", "x", "team", "db", "instance", "2");

        assertThat(db.groupKey(a)).isEqualTo(db.groupKey(b)).isEqualTo("{}/{team=\"db\"}#0:{alertname=\"x\",team=\"db\"}");
        assertThat(root.groupKey(a)).isNotEqualTo(db.groupKey(a));
        assertThat(db.groupLabels(a)).containsExactly(Map.entry("alertname", "x"), Map.entry("team", "db"));
    }

    @Test
    void namesEveryInvalidField() {
        RoutingSpec bad = new RoutingSpec(
                new RouteSpec(null, List.of("...", "x"), "soon", "0s", null, null, List.of("a=\"b\""), null,
                        List.of(new RouteSpec(null, List.of("1bad"), null, null, "-1s", null, List.of("nope"), null, null))),
                List.of(new InhibitRuleSpec(List.of(), List.of("x=~\"(\""), List.of("ok", "not ok"))));

        assertThatThrownBy(() -> RoutingConfig.validate(bad)).isInstanceOfSatisfying(RouteValidationException.class, e -> assertThat(e.fields())
                .containsOnlyKeys("route.receiver", "route.matchers", "route.groupBy", "route.groupWait", "route.groupInterval",
                        "route.routes[0].matchers[0]", "route.routes[0].groupBy", "route.routes[0].repeatInterval",
                        "inhibitRules[0].sourceMatchers", "inhibitRules[0].targetMatchers[0]", "inhibitRules[0].equal"));
        assertThatThrownBy(() -> RoutingConfig.validate(new RoutingSpec(null, null)))
                .isInstanceOfSatisfying(RouteValidationException.class, e -> assertThat(e.fields()).containsOnlyKeys("route"));
    }

    @Test
    void readsInhibitRules() {
        RoutingConfig config = RoutingConfig.validate(new RoutingSpec(route("ops", null, null, null),
                List.of(new InhibitRuleSpec(List.of("severity=\"critical\""), List.of("severity=\"warning\""), List.of("service")))));

        assertThat(config.inhibitRules()).containsExactly(new InhibitRule(List.of(Matcher.parse("severity=\"critical\"")),
                List.of(Matcher.parse("severity=\"warning\"")), List.of("service")));
    }

    private static List<String> receivers(RoutingConfig config, Map<String, String> labels) {
        return config.match(labels).stream().map(Route::receiver).toList();
    }
}
