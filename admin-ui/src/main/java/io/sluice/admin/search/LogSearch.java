package io.sluice.admin.search;

import io.sluice.admin.AdminProperties;
import io.sluice.logstore.query.ArchiveSearch;
import io.sluice.logstore.query.SearchRequest;
import io.sluice.logstore.query.SearchResult;
import io.sluice.logstore.query.SearchTimeoutException;
import reactor.core.publisher.Mono;

/**
 * Runs a validated search against the archive for the console's tenant. The one place both the
 * API and the search page go through, so they can never disagree about what a search means.
 */
public final class LogSearch {

    private final ArchiveSearch archive;
    private final AdminProperties properties;

    /** Searches {@code archive} on behalf of the tenant in {@code properties}. */
    public LogSearch(ArchiveSearch archive, AdminProperties properties) {
        this.archive = archive;
        this.properties = properties;
    }

    /**
     * Matching events, newest first, and their exact total; any failure of the archive arrives as
     * an {@link ArchiveUnavailableException}.
     */
    public Mono<SearchResult> search(SearchCriteria criteria) {
        return Mono.defer(() -> archive.search(new SearchRequest(properties.tenant(), criteria.query(),
                        criteria.fromNanos(), criteria.toNanos(), criteria.limit())))
                .onErrorMap(e -> new ArchiveUnavailableException(e instanceof SearchTimeoutException
                        ? e.getMessage()
                        : "the archive could not be searched: " + rootMessage(e), e));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
