package io.sluice.analytics.match;

import io.sluice.common.proto.alert.v1.FindingsBatch;
import io.sluice.common.proto.alert.v1.MatchCount;
import io.sluice.common.proto.ingest.v1.LogBatch;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Matches a buffer entry's events against the current alert rules and reports the counts to
 * alert-service as one {@code FindingsBatch} whose {@code batch_id} is the entry id, so that
 * alert-service can ignore a redelivered entry. Sends nothing when nothing matched. Fails (and so
 * leaves the entry pending) while the rules have never been fetched, rather than silently
 * dropping matches of rules it does not know yet. After a failed report, further reports fail
 * fast with {@link FindingsUnavailableException} for {@link #QUIET}, so a down alert-service does
 * not slow the consumer down.
 */
public class AlertFindingsReporter implements FindingsSink {

    /** How long reports fail fast after a failed call. */
    static final Duration QUIET = Duration.ofSeconds(1);

    private final RuleMatchers matchers;
    private final AlertIntakeClient client;
    private volatile long quietUntilNanos = System.nanoTime();
    private volatile String lastFailure = "";

    /** Reports matches of {@code matchers}' rules through {@code client}. */
    public AlertFindingsReporter(RuleMatchers matchers, AlertIntakeClient client) {
        this.matchers = matchers;
        this.client = client;
    }

    @Override
    public Mono<Void> report(String entryId, LogBatch batch) {
        return Mono.defer(() -> {
            RuleSet rules = matchers.current()
                    .orElseThrow(() -> new IllegalStateException("alert rules have not been fetched from alert-service yet"));
            List<MatchCount> matches = MatchCounter.count(batch, rules);
            if (matches.isEmpty()) {
                return Mono.empty();
            }
            if (System.nanoTime() - quietUntilNanos < 0) {
                return Mono.error(new FindingsUnavailableException("alert-service unavailable: " + lastFailure));
            }
            return client.report(FindingsBatch.newBuilder().setBatchId(entryId).addAllMatches(matches).build())
                    .doOnError(e -> {
                        lastFailure = e.toString();
                        quietUntilNanos = System.nanoTime() + QUIET.toNanos();
                    })
                    .then();
        });
    }
}
