package io.sluice.admin.patterns;

import io.sluice.admin.search.ApiError;
import io.sluice.admin.search.TenantApiController;
import io.sluice.logstore.template.TemplateReader;
import io.sluice.platform.tenant.RequestTenants;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The mined templates of the tenant of the request's API key (as for {@code /api/v1/search}):
 * {@code GET /api/v1/patterns?service=&from=&to=&limit=&query=} lists them most frequent first (templates
 * seen in the time range, whose text contains {@code query}); {@code GET /api/v1/patterns/{id}} returns the
 * live template an id is, or was merged into (404 when the tenant has none). Counts are lifetime totals
 * with merged templates folded in. Refusals as for search: 401/403, 400 for bad parameters, 503 when the
 * store or tenant store fails.
 */
@RestController
public class PatternsApiController extends TenantApiController {

    private static final Logger log = LoggerFactory.getLogger(PatternsApiController.class);

    private final TemplateReader reader;
    private final RequestTenants tenants;
    private final Clock clock;

    /** The API over {@code reader} for the tenant {@code tenants} finds per request, "now" from {@code clock}. */
    public PatternsApiController(TemplateReader reader, RequestTenants tenants, Clock clock) {
        super("patterns");
        this.reader = reader;
        this.tenants = tenants;
        this.clock = clock;
    }

    @GetMapping(path = "/api/v1/patterns", produces = "application/json")
    Mono<PatternsResponse> list(
            @RequestParam(required = false) String service,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String query,
            @RequestHeader HttpHeaders headers) {
        return tenants.tenantOf(headers)
                .flatMap(tenant -> Mono.fromSupplier(() -> PatternParams.parse(tenant, service, from, to, limit, query, clock.instant()))
                        .flatMap(reader::list))
                .map(list -> new PatternsResponse(list.stream().map(PatternJson::of).toList()));
    }

    @GetMapping(path = "/api/v1/patterns/{id}", produces = "application/json")
    Mono<ResponseEntity<Object>> one(@PathVariable String id, @RequestHeader HttpHeaders headers) {
        return tenants.tenantOf(headers)
                .flatMap(tenant -> Mono.fromSupplier(() -> PatternParams.id(id)).flatMap(templateId -> reader.get(tenant, templateId)))
                .map(p -> ResponseEntity.ok((Object) PatternJson.of(p)))
                .defaultIfEmpty(ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ApiError("no template " + id + " for this tenant", null)));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> badInput(PatternInputException e) {
        return ResponseEntity.badRequest().body(new ApiError(e.getMessage(), null));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> storeUnavailable(DataAccessException e) {
        log.warn("patterns failed: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(new ApiError("template store unavailable", null));
    }
}
