package io.sluice.analytics.anomaly;

import io.sluice.platform.tenant.RequestTenants;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/anomalies?limit=}: the latest findings of the tenant of the request's API key,
 * newest first ({@code {"tenant": …, "anomalies": [Anomaly…]}}), read from the tenant's findings
 * stream. Authentication and errors as {@code /api/v1/stats}: 401 without a valid key, 403 for
 * another tenant, 400 for a bad limit, 503 when the tenant store is unreachable.
 */
@RestController
public class AnomalyController {

    static final int MAX_LIMIT = 1000;

    private final AnomalyStore store;
    private final RequestTenants tenants;

    public AnomalyController(AnomalyStore store, RequestTenants tenants) {
        this.store = store;
        this.tenants = tenants;
    }

    /** The key's tenant's latest findings, at most {@code limit} (1 to {@value #MAX_LIMIT}, default 100). */
    @GetMapping(path = "/api/v1/anomalies", produces = "application/json")
    public Mono<Map<String, Object>> anomalies(@RequestParam(required = false) String limit, @RequestParam(required = false) String tenant,
            @RequestHeader HttpHeaders headers) {
        return tenants.tenantOf(headers, tenant).flatMap(t -> {
            int n = parseLimit(limit);
            return store.recent(t, n).map(list -> Map.<String, Object>of("tenant", t, "anomalies", List.copyOf(list)));
        });
    }

    static int parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return 100;
        }
        try {
            int n = Integer.parseInt(limit.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("limit must be a whole number from 1 to " + MAX_LIMIT + ", was '" + limit + "'");
    }
}
