package io.sluice.analytics.match;

import io.sluice.common.proto.alert.v1.MatchCount;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts, for each rule, the batch's events of the rule's tenant that its query matches, per
 * one-second bucket of event time, in one {@link RuleSet} pass per event. Pure and thread-safe.
 */
public final class MatchCounter {

    private MatchCounter() {
    }

    /** The match counts of {@code batch} against {@code rules}, empty when nothing matches. */
    public static List<MatchCount> count(LogBatch batch, RuleSet rules) {
        if (rules.size() == 0) {
            return List.of();
        }
        Map<Bucket, Long> counts = new LinkedHashMap<>();
        RuleSet.Session session = rules.session();
        for (LogEvent e : batch.getEventsList()) {
            long second = secondStart(e.getTimestampUnixNanos());
            session.match(e, ruleId -> counts.merge(new Bucket(ruleId, second), 1L, Long::sum));
        }
        List<MatchCount> out = new ArrayList<>(counts.size());
        counts.forEach((b, n) -> out.add(MatchCount.newBuilder().setRuleId(b.ruleId()).setBucketStartMillis(b.startMillis()).setCount(n).build()));
        return out;
    }

    /** Epoch milliseconds of the start of the second containing {@code nanos}. */
    static long secondStart(long nanos) {
        return Math.floorDiv(nanos, 1_000_000_000L) * 1_000L;
    }

    private record Bucket(long ruleId, long startMillis) {
    }
}
