package io.sluice.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.ingest.IngestLimitsProperties.TenantOverride;
import io.sluice.ingest.ratelimit.TenantRate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class IngestLimitsPropertiesTest {

    @Test
    void aTenantOverrideReplacesOnlyTheValuesItSets() {
        IngestLimitsProperties limits = limits(Map.of("acme", new TenantOverride(2000L, null, null),
                "big", new TenantOverride(null, DataSize.ofMegabytes(1), Duration.ofSeconds(5))));

        assertThat(limits.rateFor("acme")).isEqualTo(new TenantRate(2000, DataSize.ofMegabytes(256).toBytes(), Duration.ofSeconds(2)));
        assertThat(limits.rateFor("big")).isEqualTo(new TenantRate(500_000, DataSize.ofMegabytes(1).toBytes(), Duration.ofSeconds(5)));
        assertThat(limits.rateFor("anyone")).isEqualTo(new TenantRate(500_000, DataSize.ofMegabytes(256).toBytes(), Duration.ofSeconds(2)));
    }

    @Test
    void refusesANonPositiveLimitNamingItsKeyIncludingATenantsOwn() {
        assertThatThrownBy(() -> limits(Map.of("acme", new TenantOverride(0L, null, null))))
                .hasMessage("sluice.ingest.limits.tenants.acme.events-per-second must be positive, was 0");
        assertThatThrownBy(() -> new IngestLimitsProperties(true, 0, DataSize.ofMegabytes(1), Duration.ofSeconds(1), null,
                128, 256, 16384, Duration.ofDays(7), Duration.ofMinutes(10)))
                .hasMessage("sluice.ingest.limits.events-per-second must be positive, was 0");
    }

    private static IngestLimitsProperties limits(Map<String, TenantOverride> tenants) {
        return new IngestLimitsProperties(true, 500_000, DataSize.ofMegabytes(256), Duration.ofSeconds(2), tenants,
                128, 256, 16384, Duration.ofDays(7), Duration.ofMinutes(10));
    }
}
