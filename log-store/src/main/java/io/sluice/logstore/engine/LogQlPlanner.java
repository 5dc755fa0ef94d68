package io.sluice.logstore.engine;

import io.sluice.common.query.LabelMatcher;
import io.sluice.common.query.logql.LinePipeline;
import io.sluice.common.query.logql.LogQl;
import io.sluice.common.query.logql.LogSelectorExpr;
import io.sluice.logstore.model.ArchivedEvent;
import java.util.List;
import java.util.Map;

/** Plans log queries of Sluice's LogQL subset ({@link LogQl}) for the engine. */
final class LogQlPlanner {

    private LogQlPlanner() {
    }

    /**
     * The plan of log query {@code query}.
     *
     * @throws io.sluice.common.query.QueryParseException when it does not parse or is a metric query
     */
    static LogPlan logPlan(String query) {
        LogSelectorExpr expr = LogQl.parseLogQuery(query);
        return new Compiled(expr, LinePipeline.compile(expr));
    }

    /** Whether evaluating {@code expr} may read the stored fields (they cost a JSON parse per event). */
    static boolean needsStoredFields(LogSelectorExpr expr) {
        return !expr.filterOnly();
    }

    /** A log query compiled once and shared by every decoding thread. */
    private record Compiled(LogSelectorExpr expr, LinePipeline pipeline) implements LogPlan {

        @Override
        public List<LabelMatcher> streamMatchers() {
            return expr.matchers();
        }

        @Override
        public List<String> requiredSubstrings() {
            return expr.requiredTokens();
        }

        @Override
        public boolean selectorOnly() {
            return expr.stages().isEmpty();
        }

        @Override
        public LogLine apply(ArchivedEvent e) {
            Map<String, String> fields = needsStoredFields(expr) ? StoredFields.of(e.fieldsJson()) : Map.of();
            LinePipeline.Result r = pipeline.apply(StreamLabels.of(e), e.message(), fields);
            return r == null ? null : new LogLine(e, r.labels(), r.line());
        }
    }
}
