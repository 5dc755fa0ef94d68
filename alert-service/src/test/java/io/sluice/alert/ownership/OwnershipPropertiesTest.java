package io.sluice.alert.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OwnershipPropertiesTest {

    @Test
    void theDefaultsFailOverWithinTenSeconds() {
        OwnershipProperties defaults = new OwnershipProperties(64, Duration.ofSeconds(5), Duration.ofMillis(1500), "");
        assertThat(defaults.leaseTtl().plus(defaults.renewInterval())).isLessThanOrEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aRenewIntervalOfHalfTheLeaseTtlOrMoreIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OwnershipProperties(64, Duration.ofSeconds(4), Duration.ofSeconds(2), ""));
    }

    @Test
    void slotCountsOutsideOneTo1024AreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OwnershipProperties(0, Duration.ofSeconds(5), Duration.ofSeconds(1), ""));
        assertThatIllegalArgumentException().isThrownBy(() -> new OwnershipProperties(1025, Duration.ofSeconds(5), Duration.ofSeconds(1), ""));
    }
}
