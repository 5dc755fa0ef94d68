package io.sluice.analytics.match;

import java.util.List;
import java.util.function.LongConsumer;

/**
 * One tenant's rules compiled for matching in one pass per event: the line is scanned once by the
 * {@link KeywordIndex} (all literals of all rules); only rules triggered by a hit (a literal their
 * match needs) plus the rules that need none are evaluated, each checking its stream selector
 * first (memoised per event, as many rules share one), then its literal conditions from the hits,
 * then its regexes. Built by {@link TenantMatcherBuilder}. Immutable and thread-safe; the
 * per-event state lives in a {@link Scratch} owned by the calling thread.
 */
final class TenantMatcher {

    /**
     * @param ruleId the rule's id in alert-service
     * @param selector index into {@link #selectors}
     * @param conditions literal conditions first, then regexes
     */
    record Rule(long ruleId, int selector, Condition[] conditions) {
    }

    private final KeywordIndex keywords;
    private final Selector[] selectors;
    private final Rule[] rules;
    private final int[][] triggeredBy;
    private final int[] untriggered;
    private final List<CompiledRule> source;

    TenantMatcher(KeywordIndex keywords, Selector[] selectors, Rule[] rules, int[][] triggeredBy, int[] untriggered,
            List<CompiledRule> source) {
        this.keywords = keywords;
        this.selectors = selectors;
        this.rules = rules;
        this.triggeredBy = triggeredBy;
        this.untriggered = untriggered;
        this.source = source;
    }

    /** The rules this was compiled from, to tell whether a new rule list changes anything. */
    List<CompiledRule> source() {
        return source;
    }

    /** Calls {@code out} once with the id of every rule matching the event. */
    void match(String service, String host, String level, String line, Scratch s, LongConsumer out) {
        String l = line == null ? "" : line;
        s.hits.reset(keywords.size());
        s.candidates.reset(rules.length);
        s.selectorsSeen.reset(selectors.length);
        s.selectorsPassed.reset(selectors.length);
        keywords.scan(l, s.hits);
        for (int i = 0; i < s.hits.size(); i++) {
            for (int r : triggeredBy[s.hits.get(i)]) {
                if (s.candidates.add(r) && evaluate(rules[r], service, host, level, l, s)) {
                    out.accept(rules[r].ruleId());
                }
            }
        }
        for (int r : untriggered) {
            if (evaluate(rules[r], service, host, level, l, s)) {
                out.accept(rules[r].ruleId());
            }
        }
    }

    private boolean evaluate(Rule rule, String service, String host, String level, String line, Scratch s) {
        int sel = rule.selector();
        if (s.selectorsSeen.add(sel) && selectors[sel].matches(service, host, level)) {
            s.selectorsPassed.add(sel);
        }
        if (!s.selectorsPassed.contains(sel)) {
            return false;
        }
        for (Condition c : rule.conditions()) {
            if (!c.holds(line, s.hits)) {
                return false;
            }
        }
        return true;
    }

    /** Per-thread working memory of {@link #match}; sized on demand, reused across events and tenants. */
    static final class Scratch {
        final Marks hits = new Marks();
        final Marks candidates = new Marks();
        final Marks selectorsSeen = new Marks();
        final Marks selectorsPassed = new Marks();
    }
}
