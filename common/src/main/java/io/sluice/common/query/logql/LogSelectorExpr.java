package io.sluice.common.query.logql;

import io.sluice.common.query.LabelMatcher;
import io.sluice.common.query.LineFilter.FilterOp;
import java.util.ArrayList;
import java.util.List;

/**
 * A log query: a stream selector such as {@code {service="api", level=~"WARN|ERROR"}} and the
 * pipeline stages after it ({@code |= "timeout" | json | latency_ms > 500 | line_format "…"}).
 * Compile it with {@link LinePipeline#compile(LogSelectorExpr)} to run it over lines.
 *
 * @param matchers the stream selector's terms, all of which must hold; empty selects every stream
 * @param stages the pipeline, applied in order
 */
public record LogSelectorExpr(List<LabelMatcher> matchers, List<Stage> stages) implements LogQlExpr {

    public LogSelectorExpr {
        matchers = List.copyOf(matchers);
        stages = List.copyOf(stages);
    }

    /**
     * Literal strings every selected line contains: the values of single-valued {@code |=} filters
     * that come before any {@code line_format} (which rewrites the line). The planner may skip a
     * chunk whose bloom filter rules out any of them. Empty when there are none.
     */
    public List<String> requiredTokens() {
        List<String> tokens = new ArrayList<>();
        for (Stage s : stages) {
            if (s instanceof Stage.LineFormat) {
                break;
            }
            if (s instanceof Stage.LineFilter f && f.op() == FilterOp.CONTAINS && f.values().size() == 1
                    && !f.values().get(0).isEmpty()) {
                tokens.add(f.values().get(0));
            }
        }
        return List.copyOf(tokens);
    }

    /**
     * Whether the pipeline holds only line filters (no parser, label filter or formatting): then
     * every selected line keeps its stream labels and its text, and a line either passes or not.
     */
    public boolean filterOnly() {
        return stages.stream().allMatch(s -> s instanceof Stage.LineFilter);
    }

    /** Whether any stage extracts labels from the line ({@code json}, {@code logfmt}, {@code pattern}, {@code regexp}). */
    public boolean hasParser() {
        return stages.stream().anyMatch(s -> s instanceof Stage.Json || s instanceof Stage.Logfmt
                || s instanceof Stage.Pattern || s instanceof Stage.Regexp);
    }
}
