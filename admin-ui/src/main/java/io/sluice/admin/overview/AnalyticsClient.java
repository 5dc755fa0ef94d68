package io.sluice.admin.overview;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Reads counts from analytics-service's HTTP API ({@code GET /api/v1/stats}), authenticated with
 * the console's API key (the bootstrap key) for the console's tenant. Each call is bounded by a
 * timeout; a missing key, an unreachable or a failing analytics surfaces as an error signal, which
 * the overview turns into a message rather than a failed page.
 */
public final class AnalyticsClient {

    private final WebClient client;
    private final String baseUrl;
    private final Duration timeout;
    private final String apiKey;

    /** A client of the analytics instance at {@code baseUrl}, sending {@code apiKey} (none when null). */
    public AnalyticsClient(WebClient.Builder builder, String baseUrl, Duration timeout, String apiKey) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.client = builder.baseUrl(this.baseUrl).build();
        this.timeout = timeout;
        this.apiKey = apiKey;
    }

    /** The base URL, for messages. */
    public String baseUrl() {
        return baseUrl;
    }

    /** Counts of {@code tenant} in {@code [fromMillis, toMillis)}. */
    public Mono<StatsSnapshot> stats(String tenant, long fromMillis, long toMillis) {
        if (apiKey == null) {
            return Mono.error(new IllegalStateException("the console has no API key to read statistics with: set "
                    + "sluice.tenancy.bootstrap-api-key (env SLUICE_BOOTSTRAP_API_KEY)"));
        }
        return client.get()
                .uri(u -> u.path("/api/v1/stats")
                        .queryParam("from", fromMillis)
                        .queryParam("to", toMillis)
                        .queryParam("tenant", "{tenant}")
                        .build(tenant))
                .accept(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey)
                .retrieve()
                .bodyToMono(StatsSnapshot.class)
                .timeout(timeout);
    }
}
