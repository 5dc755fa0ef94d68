package io.sluice.alert.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MatcherTest {

    private static final Map<String, String> LABELS = Map.of("alertname", "DiskFull", "severity", "critical", "team", "db");

    @Test
    void theFourOperatorsCompareAsAlertmanagerDoes() {
        assertThat(Matcher.parse("severity=\"critical\"").matches(LABELS)).isTrue();
        assertThat(Matcher.parse("severity!=\"critical\"").matches(LABELS)).isFalse();
        assertThat(Matcher.parse("severity=~\"crit.*|warning\"").matches(LABELS)).isTrue();
        assertThat(Matcher.parse("severity!~\"warn.*\"").matches(LABELS)).isTrue();
    }

    @Test
    void regexesAreAnchoredToTheWholeValue() {
        assertThat(Matcher.parse("severity=~\"crit\"").matches(LABELS)).isFalse();
        assertThat(Matcher.parse("alertname=~\"Disk\"").matches(LABELS)).isFalse();
        assertThat(Matcher.parse("alertname=~\"Disk.*\"").matches(LABELS)).isTrue();
    }

    @Test
    void aMissingLabelMatchesAsTheEmptyString() {
        assertThat(Matcher.parse("service=\"\"").matches(LABELS)).isTrue();
        assertThat(Matcher.parse("service!=\"api\"").matches(LABELS)).isTrue();
        assertThat(Matcher.parse("service=~\".+\"").matches(LABELS)).isFalse();
    }

    @Test
    void parsesUnquotedValuesEscapesAndSpaces() {
        assertThat(Matcher.parse(" team = db ")).isEqualTo(new Matcher("team", Matcher.Op.EQ, "db"));
        Matcher escaped = Matcher.parse("msg=\"say \\\"hi\\\"\"");
        assertThat(escaped.value()).isEqualTo("say \"hi\"");
        assertThat(Matcher.parse(escaped.toString())).isEqualTo(escaped);
    }

    @Test
    void rejectsWhatIsNotAMatcher() {
        assertThatThrownBy(() -> Matcher.parse("severity")).hasMessageContaining("is not a matcher");
        assertThatThrownBy(() -> Matcher.parse("1abc=\"x\"")).hasMessageContaining("invalid label name");
        assertThatThrownBy(() -> Matcher.parse("a=~\"(\"")).hasMessageContaining("invalid regular expression");
        assertThatThrownBy(() -> Matcher.parse("a=\"open")).hasMessageContaining("missing closing quote");
        assertThatThrownBy(() -> Matcher.parse("")).hasMessageContaining("blank");
    }
}
