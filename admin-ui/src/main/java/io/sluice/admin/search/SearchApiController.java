package io.sluice.admin.search;

import io.sluice.platform.tenant.RequestTenants;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/search?query=&from=&to=&limit=}: the archive's matching events of the tenant
 * of the request's API key (see {@link ApiKeyHeaders}), newest first, with their exact total. No
 * key or an invalid one gets 401 with {@code WWW-Authenticate: Bearer}; {@code X-Sluice-Tenant}
 * naming another tenant gets 403. Invalid parameters get 400 with {@link ApiError}; a search that
 * outlives the archive's query timeout, a failing database or tenant store gets 503 with
 * {@link ApiError}. User input never causes a 500.
 */
@RestController
public class SearchApiController extends TenantApiController {

    private static final Logger log = LoggerFactory.getLogger(SearchApiController.class);

    private final SearchCriteriaParser parser;
    private final LogSearch search;
    private final RequestTenants tenants;
    private final Clock clock;

    /**
     * The API over {@code search}, for the tenant {@code tenants} finds for each request's key,
     * validating with {@code parser}, "now" read from {@code clock}.
     */
    public SearchApiController(SearchCriteriaParser parser, LogSearch search, RequestTenants tenants, Clock clock) {
        super("search");
        this.parser = parser;
        this.search = search;
        this.tenants = tenants;
        this.clock = clock;
    }

    @GetMapping(path = "/api/v1/search", produces = "application/json")
    Mono<SearchResponse> search(
            @RequestParam(required = false) String query,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String limit,
            @RequestHeader HttpHeaders headers) {
        return tenants.tenantOf(headers)
                .flatMap(tenant -> Mono.fromSupplier(() -> parser.parse(query, from, to, limit, clock.instant()))
                        .flatMap(criteria -> search.search(tenant, criteria)))
                .map(r -> new SearchResponse(r.events().stream().map(EventJson::of).toList(), r.total()));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> badInput(SearchInputException e) {
        return ResponseEntity.badRequest().body(new ApiError(e.getMessage(), e.column()));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> archiveUnavailable(ArchiveUnavailableException e) {
        log.warn("search failed: {}", e.getMessage(), e.getCause());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(new ApiError(e.getMessage(), null));
    }
}
