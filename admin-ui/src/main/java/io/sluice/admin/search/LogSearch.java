package io.sluice.admin.search;

import io.sluice.common.query.QueryParseException;
import io.sluice.logstore.engine.LogLine;
import io.sluice.logstore.engine.LogQueryEngine;
import io.sluice.logstore.engine.LogsRequest;
import io.sluice.logstore.engine.MetricRequest;
import io.sluice.logstore.engine.QueryLimitException;
import io.sluice.logstore.query.SearchTimeoutException;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Runs a validated search through the query engine for one tenant. The one place both the API (the
 * tenant of the request's key) and the search page (the console's tenant) go through, so they can
 * never disagree about what a search means. The page of events and the exact total run
 * concurrently: the total is {@code sum(count_over_time(<query> [to - from]))} at the end of the
 * range, which the engine answers from index rows alone when the query is a bare selector.
 */
public final class LogSearch {

    private final LogQueryEngine engine;

    /** Searches through {@code engine}. */
    public LogSearch(LogQueryEngine engine) {
        this.engine = engine;
    }

    /**
     * Matching events of {@code tenant} only, newest first, and their exact total. A query over the
     * engine's bounds arrives as a {@link SearchInputException}; any other failure as an
     * {@link ArchiveUnavailableException}.
     */
    public Mono<SearchHits> search(String tenant, SearchCriteria criteria) {
        Mono<List<LogLine>> page = Mono.defer(() -> engine.logs(new LogsRequest(tenant, criteria.queryText(),
                criteria.fromNanos(), criteria.toNanos(), criteria.limit(), true, null))).map(r -> r.lines());
        return Mono.zip(page, total(tenant, criteria),
                        (lines, total) -> new SearchHits(lines.stream().map(LogLine::event).toList(), total))
                .onErrorMap(e -> !(e instanceof SearchInputException), LogSearch::translate);
    }

    private Mono<Long> total(String tenant, SearchCriteria criteria) {
        long range = criteria.toNanos() - criteria.fromNanos();
        if (range <= 0) {
            return Mono.just(0L);
        }
        // The window (t - range, t] at t = to - 1ns is exactly [from, to).
        String query = "sum(count_over_time(" + criteria.queryText() + " [" + range + "ns]))";
        long at = criteria.toNanos() - 1;
        return Mono.defer(() -> engine.metric(new MetricRequest(tenant, query, at, at, 1)))
                .map(r -> r.series().stream().flatMap(s -> s.points().stream()).mapToLong(p -> Math.round(p.value())).sum());
    }

    private static RuntimeException translate(Throwable e) {
        if (e instanceof QueryLimitException || e instanceof QueryParseException) {
            return new SearchInputException("query", e.getMessage(),
                    e instanceof QueryParseException p ? p.column() : null);
        }
        return new ArchiveUnavailableException(e instanceof SearchTimeoutException
                ? e.getMessage()
                : "the archive could not be searched: " + rootMessage(e), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
