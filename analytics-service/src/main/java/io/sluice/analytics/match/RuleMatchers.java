package io.sluice.analytics.match;

import io.sluice.common.proto.alert.v1.RuleMatcher;
import io.sluice.common.query.LogQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert rules currently known to this instance, compiled into a {@link RuleSet} and replaced
 * as a whole on every successful refresh that changes them: the consumer reads the current set
 * lock-free and never waits for a compilation (events in flight finish on the set they started
 * with). Parsed queries are cached by their text and tenants whose rules did not change keep their
 * compiled matcher. Empty until the first successful refresh: the consumer must not pretend that
 * no rule exists before it has asked.
 */
public class RuleMatchers {

    private static final Logger log = LoggerFactory.getLogger(RuleMatchers.class);

    private final AtomicReference<RuleSet> current = new AtomicReference<>();
    private final Map<String, LogQuery> parsed = new ConcurrentHashMap<>();
    private volatile List<RuleMatcher> lastFetched;

    /** Replaces the known rules with {@code matchers}; a query that does not parse is skipped. */
    public synchronized void update(List<RuleMatcher> matchers) {
        if (matchers.equals(lastFetched) && current.get() != null) {
            return;
        }
        List<CompiledRule> rules = new ArrayList<>(matchers.size());
        for (RuleMatcher m : matchers) {
            try {
                LogQuery q = parsed.computeIfAbsent(m.getQuery(), LogQuery::parse);
                rules.add(new CompiledRule(m.getRuleId(), m.getTenant(), q));
            } catch (IllegalArgumentException e) {
                log.warn("alert rule {} has a query that does not parse, ignoring it: {}", m.getRuleId(), e.getMessage());
            }
        }
        parsed.keySet().retainAll(matchers.stream().map(RuleMatcher::getQuery).toList());
        RuleSet previous = current.get();
        current.set(RuleSet.compile(rules, previous == null ? RuleSet.EMPTY : previous));
        lastFetched = List.copyOf(matchers);
    }

    /** The known rules, or empty when they have never been fetched successfully. */
    public Optional<RuleSet> current() {
        return Optional.ofNullable(current.get());
    }
}
