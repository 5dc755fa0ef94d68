package io.sluice.alert.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    @Test
    void theSameLabelsInAnyOrderAreTheSameAlert() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("alertname", "x");
        a.put("team", "db");
        Map<String, String> b = new LinkedHashMap<>();
        b.put("team", "db");
        b.put("alertname", "x");

        assertThat(Fingerprint.of(a)).isEqualTo(Fingerprint.of(b)).hasSize(16);
    }

    @Test
    void differentLabelsOrBoundariesGiveDifferentFingerprints() {
        assertThat(Fingerprint.of(Map.of("a", "bc"))).isNotEqualTo(Fingerprint.of(Map.of("ab", "c")));
        assertThat(Fingerprint.of(Map.of("a", "1"))).isNotEqualTo(Fingerprint.of(Map.of("a", "2")));
        assertThat(Fingerprint.of(Map.of())).isEqualTo("cbf29ce484222325");
    }

    @Test
    void annotationsAreNotPartOfTheIdentity() {
        Alert one = new Alert(Map.of("alertname", "x"), Map.of("summary", "one"), 0, null, 1.0);
        Alert two = new Alert(Map.of("alertname", "x"), Map.of("summary", "two"), 5, null, 2.0);

        assertThat(one.fingerprint()).isEqualTo(two.fingerprint());
    }
}
