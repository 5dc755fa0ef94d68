package io.sluice.analytics.api;

import io.sluice.analytics.window.StatsReader;
import io.sluice.analytics.window.StatsView;
import io.sluice.platform.tenant.ApiKeyHeaders;
import io.sluice.platform.tenant.RequestTenants;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/stats?from=&to=}: events per minute, level and service of the tenant of the
 * request's API key (see {@link ApiKeyHeaders}), read from the statistics hashes analytics keeps
 * in Redis. No key or an invalid one gets 401 with {@code WWW-Authenticate: Bearer}; a
 * {@code tenant} parameter or {@code X-Sluice-Tenant} header naming another tenant gets 403. Bad
 * parameters get 400, an unreachable tenant store 503, each with {@code {"error": "…"}}.
 */
@RestController
public class StatsController {

    private final StatsReader reader;
    private final RequestTenants tenants;

    /** Serves statistics read by {@code reader}, for the tenant {@code tenants} finds for each request's key. */
    public StatsController(StatsReader reader, RequestTenants tenants) {
        this.reader = reader;
        this.tenants = tenants;
    }

    /** The statistics of the key's tenant over a range; see {@link StatsView} for the shape. */
    @GetMapping(path = "/api/v1/stats", produces = "application/json")
    public Mono<StatsView> stats(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String tenant, @RequestHeader HttpHeaders headers) {
        return tenants.tenantOf(headers, tenant)
                .map(keyTenant -> StatsRequest.parse(from, to, keyTenant, System.currentTimeMillis()))
                .flatMap(r -> reader.read(r.tenant(), r.from(), r.to()));
    }
}
