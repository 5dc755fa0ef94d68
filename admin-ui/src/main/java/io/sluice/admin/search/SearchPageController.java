package io.sluice.admin.search;

import io.sluice.admin.AdminProperties;
import io.sluice.admin.session.ConsoleSession;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The search page, {@code GET /search?query=&from=&to=&limit=}: a GET form, so the page URL is a
 * shareable link. Shows the signed-in tenant only ({@link ConsoleSession}).
 * Runs the search server-side and renders the results, or the mistake in the parameters (with the
 * query column), or that the archive failed, always as a page.
 */
@Controller
public class SearchPageController {

    private static final Logger log = LoggerFactory.getLogger(SearchPageController.class);

    private final SearchCriteriaParser parser;
    private final LogSearch search;
    private final AdminProperties properties;
    private final Clock clock;

    /** The page over {@code search} for the signed-in tenant, validating with {@code parser}. */
    public SearchPageController(SearchCriteriaParser parser, LogSearch search, AdminProperties properties, Clock clock) {
        this.parser = parser;
        this.search = search;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping(path = "/search", produces = MediaType.TEXT_HTML_VALUE)
    Mono<Rendering> page(
            @RequestParam(required = false) String query,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String limit,
            ServerWebExchange exchange) {
        String tenant = ConsoleSession.of(exchange).tenant();
        SearchForm form = SearchForm.of(query, from, to, limit, properties);
        Rendering.Builder<?> page = Rendering.view("search/search")
                .modelAttribute("tenant", tenant)
                .modelAttribute("form", form);
        SearchCriteria criteria;
        try {
            criteria = parser.parse(query, from, to, limit, clock.instant());
        } catch (SearchInputException e) {
            return Mono.just(page.modelAttribute("problem", InputProblem.of(e, form.query())).build());
        }
        long started = System.nanoTime();
        return search.search(tenant, criteria)
                .map(result -> page.modelAttribute("outcome",
                        SearchOutcome.of(criteria, result, (System.nanoTime() - started) / 1_000_000)).build())
                .onErrorResume(SearchInputException.class, e -> Mono.just(page.modelAttribute("problem", InputProblem.of(e, form.query())).build()))
                .onErrorResume(ArchiveUnavailableException.class, e -> {
                    log.warn("search failed: {}", e.getMessage(), e.getCause());
                    return Mono.just(page.modelAttribute("failure", e.getMessage()).build());
                });
    }
}
