package io.sluice.analytics.match;

import io.sluice.common.query.Re2Patterns;
import com.google.re2j.Pattern;
import io.sluice.common.query.LabelMatcher;
import java.util.List;

/**
 * A rule's stream selector with its regexes compiled once (not through the shared, bounded
 * pattern cache, which thousands of rules would thrash). Same semantics as
 * {@link LabelMatcher#matches}: regexes anchored at both ends, a missing label is "". Immutable.
 */
final class Selector {

    private final LabelMatcher[] matchers;
    private final Pattern[] patterns;

    Selector(List<LabelMatcher> matchers) {
        this.matchers = matchers.toArray(LabelMatcher[]::new);
        this.patterns = new Pattern[this.matchers.length];
        for (int i = 0; i < this.matchers.length; i++) {
            LabelMatcher m = this.matchers[i];
            if (m.op() == LabelMatcher.MatchOp.RE || m.op() == LabelMatcher.MatchOp.NRE) {
                patterns[i] = Re2Patterns.compile(m.value());
            }
        }
    }

    boolean matches(String service, String host, String level) {
        for (int i = 0; i < matchers.length; i++) {
            LabelMatcher m = matchers[i];
            String actual = switch (m.label()) {
                case "service" -> service;
                case "host" -> host;
                default -> level;
            };
            String v = actual == null ? "" : actual;
            boolean ok = switch (m.op()) {
                case EQ -> v.equals(m.value());
                case NEQ -> !v.equals(m.value());
                case RE -> patterns[i].matcher(v).matches();
                case NRE -> !patterns[i].matcher(v).matches();
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
