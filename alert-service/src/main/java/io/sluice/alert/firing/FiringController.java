package io.sluice.alert.firing;

import io.sluice.alert.access.KeyTenant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/alert-firings?ruleId=&limit=}: the firings of the API key's tenant
 * ({@link KeyTenant}), newest first; another tenant's rule id finds nothing.
 */
@RestController
public class FiringController {

    /** Largest {@code limit} accepted. */
    static final int MAX_LIMIT = 1000;

    private final FiringRepository firings;

    /** Serves the firings in {@code firings}. */
    public FiringController(FiringRepository firings) {
        this.firings = firings;
    }

    /** {@code {"firings": [...]}} of the tenant, of one rule or all; {@code limit} 1 to 1000, default 100. */
    @GetMapping(path = "/api/v1/alert-firings", produces = "application/json")
    public Mono<Map<String, List<AlertFiring>>> list(@RequestAttribute(KeyTenant.ATTRIBUTE) String tenant,
            @RequestParam(required = false) Long ruleId,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be between 1 and " + MAX_LIMIT));
        }
        return firings.find(tenant, ruleId, limit).collectList().map(l -> Map.of("firings", l));
    }
}
