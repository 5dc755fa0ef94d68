package io.sluice.alert.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SilenceValidatorTest {

    private static final long NOW = 1_767_261_600_000L;

    @Test
    void startsNowAndEndsAfterTheDurationByDefault() {
        SilenceDraft d = SilenceValidator.validate(new SilenceRequest(null, List.of("alertname = DiskFull"), null, null, "2h", " ana ", "disk swap"), NOW);

        assertThat(d).isEqualTo(new SilenceDraft("default", List.of("alertname=\"DiskFull\""), NOW, NOW + 7_200_000, "ana", "disk swap"));
    }

    @Test
    void namesEveryInvalidField() {
        assertThatThrownBy(() -> SilenceValidator.validate(new SilenceRequest("a b", List.of("bad", "x=~\".*\""), NOW, NOW - 1, null, "", null), NOW))
                .isInstanceOfSatisfying(SilenceValidationException.class, e -> assertThat(e.fields())
                        .containsOnlyKeys("tenant", "matchers[0]", "endsAt", "createdBy", "comment"));
        assertThatThrownBy(() -> SilenceValidator.validate(new SilenceRequest(null, List.of(), null, null, null, "a", "b"), NOW))
                .isInstanceOfSatisfying(SilenceValidationException.class, e -> assertThat(e.fields()).containsOnlyKeys("matchers", "endsAt"));
    }

    @Test
    void refusesASilenceThatWouldMuteEveryAlert() {
        assertThatThrownBy(() -> SilenceValidator.validate(new SilenceRequest(null, List.of("x=~\".*\"", "y!=\"z\""), null, null, "1h", "a", "b"), NOW))
                .isInstanceOfSatisfying(SilenceValidationException.class, e -> assertThat(e.fields()).containsOnlyKeys("matchers"));
    }

    @Test
    void mutesMatchingAlertsOnlyWhileActive() {
        Silence s = new Silence(1, "default", List.of("alertname=\"DiskFull\"", "host=~\"db-.*\""), NOW, NOW + 1000, "a", "b", NOW, NOW,
                SilenceState.ACTIVE);
        Map<String, String> matching = Map.of("alertname", "DiskFull", "host", "db-1");

        assertThat(s.mutes(matching, NOW - 1)).as("pending").isFalse();
        assertThat(s.mutes(matching, NOW)).isTrue();
        assertThat(s.mutes(Map.of("alertname", "DiskFull", "host", "web-1"), NOW)).isFalse();
        assertThat(s.mutes(matching, NOW + 1000)).as("expired").isFalse();
        assertThat(Silence.stateAt(NOW, NOW + 1000, NOW - 1)).isEqualTo(SilenceState.PENDING);
        assertThat(Silence.stateAt(NOW, NOW + 1000, NOW + 999)).isEqualTo(SilenceState.ACTIVE);
        assertThat(Silence.stateAt(NOW, NOW + 1000, NOW + 1000)).isEqualTo(SilenceState.EXPIRED);
    }
}
