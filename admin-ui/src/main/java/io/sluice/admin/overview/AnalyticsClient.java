package io.sluice.admin.overview;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Reads counts from analytics-service's HTTP API ({@code GET /api/v1/stats}), authenticated with
 * the API key the console was signed in with, for that key's tenant. Each call is bounded by a
 * timeout; an unreachable or a failing analytics surfaces as an error signal, which the overview
 * turns into a message rather than a failed page.
 */
public final class AnalyticsClient {

    private final WebClient client;
    private final String baseUrl;
    private final Duration timeout;

    /** A client of the analytics instance at {@code baseUrl}. */
    public AnalyticsClient(WebClient.Builder builder, String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.client = builder.baseUrl(this.baseUrl).build();
        this.timeout = timeout;
    }

    /** The base URL, for messages. */
    public String baseUrl() {
        return baseUrl;
    }

    /** Counts of {@code tenant} in {@code [fromMillis, toMillis)}, asked with {@code apiKey} (one of the tenant's). */
    public Mono<StatsSnapshot> stats(String tenant, String apiKey, long fromMillis, long toMillis) {
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
