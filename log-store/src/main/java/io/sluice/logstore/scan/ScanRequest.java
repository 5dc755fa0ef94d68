package io.sluice.logstore.scan;

import io.sluice.common.query.LabelMatcher;
import java.util.List;
import java.util.Set;

/**
 * Which chunks a query needs: the planner's pruning input.
 *
 * @param tenant whose chunks
 * @param fromNanos start of the time range, inclusive
 * @param toNanos end of the time range, exclusive
 * @param streamMatchers matchers on stream labels ({@code service}, {@code host}); {@code level}
 *     matchers prune by the index row's level counts
 * @param requiredTokens tokens every matching line contains (from {@code |=} filters), checked
 *     against each chunk's bloom filter; empty when none
 * @param templateIds when not empty, only chunks holding one of these templates
 * @param newestFirst order of the chunks: newest first (backward queries) or oldest first
 */
public record ScanRequest(
        String tenant,
        long fromNanos,
        long toNanos,
        List<LabelMatcher> streamMatchers,
        List<String> requiredTokens,
        Set<Long> templateIds,
        boolean newestFirst) {

    public ScanRequest {
        streamMatchers = List.copyOf(streamMatchers);
        requiredTokens = List.copyOf(requiredTokens);
        templateIds = Set.copyOf(templateIds);
    }
}
