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
 * The alert rules' queries currently known to this instance, replaced as a whole on every
 * successful refresh and read lock-free by the consumer. Parsed queries are cached by their text,
 * so an unchanged rule is not parsed again. Empty until the first successful refresh: the consumer
 * must not pretend that no rule exists before it has asked.
 */
public class RuleMatchers {

    private static final Logger log = LoggerFactory.getLogger(RuleMatchers.class);

    private final AtomicReference<List<CompiledRule>> current = new AtomicReference<>();
    private final Map<String, LogQuery> parsed = new ConcurrentHashMap<>();

    /** Replaces the known rules with {@code matchers}; a query that does not parse is skipped. */
    public void update(List<RuleMatcher> matchers) {
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
        current.set(List.copyOf(rules));
    }

    /** The known rules, or empty when they have never been fetched successfully. */
    public Optional<List<CompiledRule>> current() {
        return Optional.ofNullable(current.get());
    }
}
