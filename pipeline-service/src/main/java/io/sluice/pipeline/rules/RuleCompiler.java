package io.sluice.pipeline.rules;

import io.sluice.common.query.LogQuery;
import io.sluice.pipeline.stage.PipelineEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a validated rule into a {@link CompiledRule}: parses the match once and builds the action
 * as a small closure, so applying a rule costs a match and the action, nothing else.
 */
final class RuleCompiler {

    private RuleCompiler() {
    }

    /** Compiles a stored rule; throws {@link IllegalArgumentException} when it no longer compiles. */
    static CompiledRule compile(PipelineRule rule) {
        RuleAction action = RuleAction.parse(rule.action())
                .orElseThrow(() -> new IllegalArgumentException("unknown action '" + rule.action() + "'"));
        return compile(rule.id(), rule.name(), rule.match(), action, rule.params());
    }

    /** Compiles a draft (a rule being tried gets id 0). */
    static CompiledRule compile(long id, RuleDraft draft) {
        return compile(id, draft.name(), draft.match(), draft.action(), draft.params());
    }

    private static CompiledRule compile(long id, String name, String match, RuleAction action, RuleParams p) {
        return new CompiledRule(id, name, LogQuery.parse(match), effect(action, p));
    }

    private static CompiledRule.Effect effect(RuleAction action, RuleParams p) {
        return switch (action) {
            case DROP -> e -> false;
            case SAMPLE -> sample(p);
            case MASK -> mask(maskers(p));
            case ADD_FIELDS -> addFields(Map.copyOf(p.fields()));
            case RENAME_FIELD -> rename(p.from(), p.to());
            case ROUTE -> route(p.retentionClass());
        };
    }

    private static CompiledRule.Effect sample(RuleParams p) {
        if (p.keepOneIn() != null) {
            long n = p.keepOneIn();
            return e -> SampleDecision.keepOneIn(e.id(), n);
        }
        double rate = p.rate();
        return e -> SampleDecision.keepRate(e.id(), rate);
    }

    /** The maskers of a mask rule: the built-ins in the order given, then the custom regex. */
    static List<Masker> maskers(RuleParams p) {
        List<Masker> out = new ArrayList<>();
        if (p.masks() != null) {
            p.masks().forEach(name -> out.add(BuiltInMasks.named(name)));
        }
        if (p.pattern() != null) {
            Pattern pattern = Pattern.compile(p.pattern());
            String replacement = p.replacement() == null ? "<masked>" : p.replacement();
            out.add(s -> {
                var m = pattern.matcher(s);
                return m.find() ? m.replaceAll(replacement) : s;
            });
        }
        return List.copyOf(out);
    }

    private static CompiledRule.Effect mask(List<Masker> maskers) {
        return e -> {
            e.message(maskAll(maskers, e.message()));
            for (Map.Entry<String, String> field : e.fields().entrySet()) {
                String value = field.getValue();
                if (value != null) {
                    field.setValue(maskAll(maskers, value));
                }
            }
            return true;
        };
    }

    private static String maskAll(List<Masker> maskers, String text) {
        String out = text;
        for (Masker m : maskers) {
            out = m.mask(out);
        }
        return out;
    }

    private static CompiledRule.Effect addFields(Map<String, String> fields) {
        return e -> {
            e.fields().putAll(fields);
            return true;
        };
    }

    private static CompiledRule.Effect rename(String from, String to) {
        return e -> {
            if (e.fields().containsKey(from)) {
                e.fields().put(to, e.fields().remove(from));
            }
            return true;
        };
    }

    private static CompiledRule.Effect route(String retentionClass) {
        return e -> {
            e.retentionClass(retentionClass);
            return true;
        };
    }

    /** Applies {@code rules} in order to {@code event}: false when one dropped it. */
    static boolean applyAll(List<CompiledRule> rules, PipelineEvent event, List<String> applied) {
        for (CompiledRule r : rules) {
            if (!r.matches(event)) {
                continue;
            }
            if (applied != null) {
                applied.add(r.name());
            }
            if (!r.effect().apply(event)) {
                return false;
            }
        }
        return true;
    }
}
