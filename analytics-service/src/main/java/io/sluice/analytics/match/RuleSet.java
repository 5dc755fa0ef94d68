package io.sluice.analytics.match;

import io.sluice.analytics.window.MinuteCounter;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Every known alert rule, compiled per tenant into one {@link TenantMatcher} (one keyword
 * automaton for all literals, prefiltered regexes, shared selectors), so that one pass over an
 * event yields all matching rule ids. Immutable and thread-safe: a new set replaces the old one as
 * a whole (see {@link RuleMatchers}), while events already being matched finish on the old one.
 * Matching state lives in a {@link Session}, one per thread at a time.
 */
public final class RuleSet {

    /** No rules at all. */
    public static final RuleSet EMPTY = new RuleSet(Map.of(), 0);

    private final Map<String, TenantMatcher> tenants;
    private final int size;

    private RuleSet(Map<String, TenantMatcher> tenants, int size) {
        this.tenants = tenants;
        this.size = size;
    }

    /** Compiles {@code rules}. */
    public static RuleSet compile(List<CompiledRule> rules) {
        return compile(rules, EMPTY);
    }

    /** Compiles {@code rules}, reusing {@code previous}' matcher of every tenant whose rules are unchanged. */
    public static RuleSet compile(List<CompiledRule> rules, RuleSet previous) {
        Map<String, List<CompiledRule>> byTenant = new LinkedHashMap<>();
        for (CompiledRule r : rules) {
            byTenant.computeIfAbsent(r.tenant(), t -> new ArrayList<>()).add(r);
        }
        Map<String, TenantMatcher> tenants = new LinkedHashMap<>();
        byTenant.forEach((tenant, list) -> {
            TenantMatcher old = previous.tenants.get(tenant);
            tenants.put(tenant, old != null && old.source().equals(list) ? old : TenantMatcherBuilder.build(list));
        });
        return new RuleSet(Map.copyOf(tenants), rules.size());
    }

    /** How many rules were compiled. */
    public int size() {
        return size;
    }

    /** A new matching session over this set; use it from one thread at a time. */
    public Session session() {
        return new Session();
    }

    /** Reusable per-thread working memory for matching events against the set. Not thread-safe. */
    public final class Session {

        private final TenantMatcher.Scratch scratch = new TenantMatcher.Scratch();

        private Session() {
        }

        /** Calls {@code out} with the id of every rule of the event's tenant that matches it. */
        public void match(LogEvent e, LongConsumer out) {
            match(MinuteCounter.tenantOf(e), e.getService(), e.getHost(), e.getLevel(), e.getMessage(), out);
        }

        /** Calls {@code out} with the id of every rule of {@code tenant} that matches this event. */
        public void match(String tenant, String service, String host, String level, String message, LongConsumer out) {
            TenantMatcher m = tenants.get(tenant);
            if (m != null) {
                m.match(service, host, level, message, scratch, out);
            }
        }
    }
}
