package io.sluice.admin.search;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/search?query=&from=&to=&limit=}: the archive's matching events, newest first,
 * with their exact total. Invalid parameters get 400 with {@link ApiError}; a search that outlives
 * the archive's query timeout, or a failing database, gets 503 with {@link ApiError}. User input
 * never causes a 500.
 */
@RestController
public class SearchApiController {

    private static final Logger log = LoggerFactory.getLogger(SearchApiController.class);

    private final SearchCriteriaParser parser;
    private final LogSearch search;
    private final Clock clock;

    /** The API over {@code search}, validating with {@code parser}, "now" read from {@code clock}. */
    public SearchApiController(SearchCriteriaParser parser, LogSearch search, Clock clock) {
        this.parser = parser;
        this.search = search;
        this.clock = clock;
    }

    @GetMapping(path = "/api/v1/search", produces = "application/json")
    Mono<SearchResponse> search(
            @RequestParam(required = false) String query,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String limit) {
        return Mono.fromSupplier(() -> parser.parse(query, from, to, limit, clock.instant()))
                .flatMap(search::search)
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
