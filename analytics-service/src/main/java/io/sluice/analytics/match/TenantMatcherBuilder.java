package io.sluice.analytics.match;

import com.google.re2j.Pattern;
import io.sluice.common.query.LabelMatcher;
import io.sluice.common.query.LineFilter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles one tenant's rules into a {@link TenantMatcher}: gives every distinct literal (of
 * {@code |=}/{@code !=} filters, of regexes that are plain literal alternations, and the required
 * literals of other regexes, see {@link RegexLiterals}) one id in a shared {@link KeywordIndex},
 * shares equal selectors, and files each rule under the literals of its most selective positive
 * condition, so that a line without any of them never evaluates the rule. A rule without such a
 * condition (only a selector, negations, regexes without a required literal) is evaluated for
 * every event. Not thread-safe; one per compilation.
 */
final class TenantMatcherBuilder {

    private final Map<Literal, Integer> literalIds = new LinkedHashMap<>();
    private final Map<List<LabelMatcher>, Integer> selectorIds = new LinkedHashMap<>();
    private final Map<String, Pattern> patterns = new HashMap<>();

    /** The matcher of {@code rules}, all of one tenant. */
    static TenantMatcher build(List<CompiledRule> rules) {
        return new TenantMatcherBuilder().compile(rules);
    }

    private TenantMatcher compile(List<CompiledRule> source) {
        List<TenantMatcher.Rule> rules = new ArrayList<>();
        List<int[]> triggers = new ArrayList<>();
        for (CompiledRule r : source) {
            List<Condition> conditions = new ArrayList<>();
            boolean never = false;
            for (LineFilter f : r.query().filters()) {
                Condition c = condition(f);
                if (c == null) {
                    never |= f.op() == LineFilter.FilterOp.NOT_CONTAINS; // != "" excludes every line; |= "" excludes none
                } else {
                    conditions.add(c);
                }
            }
            if (never) {
                continue;
            }
            conditions.sort(Comparator.comparing(c -> c.kind() == Condition.Kind.REGEX));
            int selector = selectorIds.computeIfAbsent(r.query().matchers(), k -> selectorIds.size());
            rules.add(new TenantMatcher.Rule(r.ruleId(), selector, conditions.toArray(Condition[]::new)));
            triggers.add(conditions.stream().map(Condition::trigger).filter(t -> t != null)
                    .min(Comparator.comparingInt(t -> t.length)).orElse(null));
        }
        List<List<Integer>> byLiteral = new ArrayList<>();
        for (int i = 0; i < literalIds.size(); i++) {
            byLiteral.add(new ArrayList<>());
        }
        List<Integer> untriggered = new ArrayList<>();
        for (int r = 0; r < rules.size(); r++) {
            int[] t = triggers.get(r);
            if (t == null) {
                untriggered.add(r);
            } else {
                for (int id : t) {
                    byLiteral.get(id).add(r);
                }
            }
        }
        Selector[] selectors = selectorIds.keySet().stream().map(Selector::new).toArray(Selector[]::new);
        return new TenantMatcher(new KeywordIndex(List.copyOf(literalIds.keySet())), selectors,
                rules.toArray(TenantMatcher.Rule[]::new),
                byLiteral.stream().map(TenantMatcherBuilder::ints).toArray(int[][]::new), ints(untriggered),
                List.copyOf(source));
    }

    /** The condition of {@code f}, or null for a filter with an empty literal (always or never true). */
    private Condition condition(LineFilter f) {
        return switch (f.op()) {
            case CONTAINS, NOT_CONTAINS -> f.value().isEmpty() ? null
                    : Condition.literals(new int[] {literalId(Literal.exact(f.value()))}, f.op() == LineFilter.FilterOp.NOT_CONTAINS);
            case REGEX, NOT_REGEX -> {
                boolean negate = f.op() == LineFilter.FilterOp.NOT_REGEX;
                RegexLiterals.Analysis a = RegexLiterals.analyze(f.value());
                if (a.exact() != null) {
                    yield Condition.literals(literalIds(a.exact()), negate);
                }
                Pattern p = patterns.computeIfAbsent(f.value(), Pattern::compile);
                yield Condition.regex(p, a.required() == null ? null : literalIds(a.required()), negate);
            }
        };
    }

    private int[] literalIds(List<Literal> literals) {
        return literals.stream().mapToInt(this::literalId).distinct().toArray();
    }

    private int literalId(Literal l) {
        return literalIds.computeIfAbsent(l, k -> literalIds.size());
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
