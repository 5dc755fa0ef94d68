package io.sluice.admin;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the console and the search API. Which tenant is shown is not set here: the search
 * API shows the tenant of the request's API key, the console pages the tenant of the key the
 * browser signed in with (see {@code SessionProperties}).
 *
 * @param enabled whether the console and the search API run in this process
 * @param analyticsUrl base URL of analytics-service, whose {@code /api/v1/stats} feeds the overview
 * @param maxLimit the largest {@code limit} a search may ask for
 * @param defaultLimit the number of events a search returns when it names no {@code limit}
 * @param defaultRange how far back a search looks when it names no {@code from}
 * @param analyticsTimeout how long the overview waits for analytics before saying it is unreachable
 */
@ConfigurationProperties("sluice.admin")
public record AdminProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("http://localhost:8083") String analyticsUrl,
        @DefaultValue("10000") int maxLimit,
        @DefaultValue("100") int defaultLimit,
        @DefaultValue("1h") Duration defaultRange,
        @DefaultValue("3s") Duration analyticsTimeout) {
}
