package io.sluice.alert.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InhibitRuleTest {

    private static final InhibitRule CRITICAL_MUTES_WARNING = new InhibitRule(List.of(Matcher.parse("severity=\"critical\"")),
            List.of(Matcher.parse("severity=\"warning\"")), List.of("service"));

    private static Alert alert(String severity, String service, Long endsAt) {
        return new Alert(Map.of("alertname", "a-" + severity, "severity", severity, "service", service), Map.of(), 0, endsAt, null);
    }

    @Test
    void aFiringSourceMutesTargetsWithTheSameEqualLabels() {
        Alert critical = alert("critical", "checkout", null);
        Alert warning = alert("warning", "checkout", null);
        Alert otherService = alert("warning", "search", null);

        List<Alert> all = List.of(critical, warning, otherService);
        assertThat(CRITICAL_MUTES_WARNING.mutes(warning, all, 10)).isTrue();
        assertThat(CRITICAL_MUTES_WARNING.mutes(otherService, all, 10)).as("service differs").isFalse();
        assertThat(CRITICAL_MUTES_WARNING.mutes(critical, all, 10)).as("not a target").isFalse();
    }

    @Test
    void aResolvedSourceNoLongerMutes() {
        Alert critical = alert("critical", "checkout", 5L);
        Alert warning = alert("warning", "checkout", null);

        assertThat(CRITICAL_MUTES_WARNING.mutes(warning, List.of(critical, warning), 4)).isTrue();
        assertThat(CRITICAL_MUTES_WARNING.mutes(warning, List.of(critical, warning), 5)).isFalse();
    }

    @Test
    void aLabelMissingOnBothSidesCountsAsEqual() {
        Alert critical = new Alert(Map.of("alertname", "c", "severity", "critical"), Map.of(), 0, null, null);
        Alert warning = new Alert(Map.of("alertname", "w", "severity", "warning"), Map.of(), 0, null, null);

        assertThat(CRITICAL_MUTES_WARNING.mutes(warning, List.of(critical, warning), 1)).isTrue();
    }

    @Test
    void alertsMatchingBothSidesDoNotMuteEachOtherOrThemselves() {
        InhibitRule anyMutesAny = new InhibitRule(List.of(Matcher.parse("team=\"db\"")), List.of(Matcher.parse("team=\"db\"")), List.of());
        Alert one = new Alert(Map.of("alertname", "one", "team", "db"), Map.of(), 0, null, null);
        Alert two = new Alert(Map.of("alertname", "two", "team", "db"), Map.of(), 0, null, null);

        assertThat(anyMutesAny.mutes(one, List.of(one, two), 1)).isFalse();
        assertThat(anyMutesAny.mutes(one, List.of(one), 1)).isFalse();
    }
}
