package io.sluice.common.query;

import java.util.List;
import java.util.Set;

/**
 * A parsed LogQL-style log query: a stream selector plus line filters, e.g.
 * {@code {service="checkout", level="ERROR"} |= "timeout" != "retry"}. An empty selector
 * {@code {}} selects every stream of the tenant. Immutable and safe to share between threads.
 *
 * @param matchers the stream selector's terms, all of which must hold
 * @param filters the line filters, applied in order, all of which must hold
 */
public record LogQuery(List<LabelMatcher> matchers, List<LineFilter> filters) {

    /** Stream labels a selector may name. */
    public static final Set<String> LABELS = Set.of("service", "host", "level");

    public LogQuery {
        matchers = List.copyOf(matchers);
        filters = List.copyOf(filters);
    }

    /** Parses {@code text}; see {@link LogQueryParser}. */
    public static LogQuery parse(String text) {
        return new LogQueryParser(text).parse();
    }

    /** Whether an event with these labels and line is selected by this query. */
    public boolean matches(String service, String host, String level, String message) {
        for (LabelMatcher m : matchers) {
            String actual = switch (m.label()) {
                case "service" -> service;
                case "host" -> host;
                default -> level;
            };
            if (!m.matches(actual)) {
                return false;
            }
        }
        for (LineFilter f : filters) {
            if (!f.matches(message)) {
                return false;
            }
        }
        return true;
    }
}
