package io.sluice.common.query.logql;

import io.sluice.common.query.Re2Patterns;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.sluice.common.query.LabelMatcher;
import io.sluice.common.query.LabelMatcher.MatchOp;
import io.sluice.common.query.LineFilter.FilterOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A log query compiled for evaluation: {@link #apply} runs the stream selector and every pipeline
 * stage over one event. Immutable and thread-safe; compile once per query and share.
 *
 * <p>Labels. The result's labels are the stream labels plus the labels parser stages extract (an
 * extracted name that equals a stream label gets the suffix {@code _extracted}, as in Loki), as
 * changed by {@code label_format}, {@code drop} and {@code keep}. Problems while parsing a line do
 * not drop it: they set {@code __error__} ({@code JSONParserErr}, {@code LogfmtParserErr},
 * {@code LabelFilterErr}) and {@code __error_details__}, so {@code | __error__=""} removes them.
 *
 * <p>Stored fields. The fields the pipeline extracted at ingest time are visible, by name, to label
 * filters, templates and {@code unwrap} when no label of that name exists: so
 * {@code {service="api"} | latency_ms > 500} works without {@code | json} (Loki would need the
 * parser; this is a Sluice extension, like Loki's structured metadata). They do not become labels
 * of the result: a metric query grouped by a field must parse it ({@code | json}), so series
 * cardinality never depends on what ingest happened to store.
 */
public final class LinePipeline {

    /**
     * One event after the pipeline.
     *
     * @param labels the labels (the caller's stream label map itself when no stage changed labels)
     * @param line the line, rewritten by {@code line_format} if any
     */
    public record Result(Map<String, String> labels, String line) {
    }

    static final String ERROR = "__error__";
    static final String ERROR_DETAILS = "__error_details__";

    private final LogSelectorExpr expr;
    private final List<LabelMatcher> matchers;
    private final List<Step> steps;

    private LinePipeline(LogSelectorExpr expr, List<Step> steps) {
        this.expr = expr;
        this.matchers = expr.matchers();
        this.steps = steps;
    }

    /** Compiles {@code expr}; the expression was validated when parsed, so this does not fail. */
    public static LinePipeline compile(LogSelectorExpr expr) {
        return compile(expr, List.of());
    }

    static LinePipeline compile(LogSelectorExpr expr, List<? extends Stage> extra) {
        List<Step> steps = new ArrayList<>();
        for (Stage s : expr.stages()) {
            steps.add(step(s));
        }
        for (Stage s : extra) {
            steps.add(step(s));
        }
        return new LinePipeline(expr, List.copyOf(steps));
    }

    /** The compiled query. */
    public LogSelectorExpr expr() {
        return expr;
    }

    /** Whether the stream selector selects a stream with these labels (a missing label is ""). */
    public boolean matchesStream(Map<String, String> streamLabels) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(streamLabels.get(m.label()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs the query over one event.
     *
     * @param streamLabels the event's stream labels ({@code service}, {@code host}, {@code level}, …)
     * @param line the log line
     * @param storedFields fields extracted at ingest (see the class comment); may be empty
     * @return the labels and line, or {@code null} when the selector or a filter rejects the event
     */
    public Result apply(Map<String, String> streamLabels, String line, Map<String, String> storedFields) {
        if (!matchesStream(streamLabels)) {
            return null;
        }
        Ctx ctx = new Ctx(streamLabels, line == null ? "" : line, storedFields == null ? Map.of() : storedFields);
        for (Step s : steps) {
            if (!s.apply(ctx)) {
                return null;
            }
        }
        return new Result(ctx.labels == null ? streamLabels : ctx.labels, ctx.line);
    }

    /** One event's state while the steps run. Not shared between threads. */
    static final class Ctx {
        final Map<String, String> stream;
        final Map<String, String> stored;
        Map<String, String> labels;
        String line;

        Ctx(Map<String, String> stream, String line, Map<String, String> stored) {
            this.stream = stream;
            this.line = line;
            this.stored = stored;
        }

        String get(String name) {
            String v = labels == null ? stream.get(name) : labels.get(name);
            return v != null ? v : stored.get(name);
        }

        Map<String, String> labels() {
            if (labels == null) {
                labels = new HashMap<>(stream);
            }
            return labels;
        }

        void extract(String rawKey, String value) {
            String key = sanitize(rawKey);
            if (key.isEmpty()) {
                return;
            }
            if (stream.containsKey(key)) {
                key = key + "_extracted";
            }
            labels().put(key, value);
        }

        boolean hasError() {
            return labels != null && labels.containsKey(ERROR);
        }

        void error(String error, String details) {
            if (!hasError()) {
                labels().put(ERROR, error);
                labels().put(ERROR_DETAILS, details);
            }
        }
    }

    /** One compiled stage: {@code false} drops the event. */
    interface Step {
        boolean apply(Ctx ctx);
    }

    private static Step step(Stage s) {
        if (s instanceof Stage.LineFilter f) {
            return lineFilter(f);
        }
        if (s instanceof Stage.Json j) {
            return json(j);
        }
        if (s instanceof Stage.Logfmt) {
            return ctx -> {
                try {
                    Logfmt.parse(ctx.line, ctx::extract);
                } catch (Logfmt.LogfmtException e) {
                    ctx.error("LogfmtParserErr", e.getMessage());
                }
                return true;
            };
        }
        if (s instanceof Stage.Pattern p) {
            PatternExtractor extractor = PatternExtractor.compile(p.pattern());
            return ctx -> {
                Map<String, String> out = new HashMap<>();
                extractor.extract(ctx.line, out);
                out.forEach(ctx::extract);
                return true;
            };
        }
        if (s instanceof Stage.Regexp r) {
            Pattern pattern = Re2Patterns.compile(r.regex());
            List<String> names = List.copyOf(pattern.namedGroups().keySet());
            return ctx -> {
                Matcher m = pattern.matcher(ctx.line);
                if (m.find()) {
                    for (String name : names) {
                        String v = m.group(name);
                        if (v != null) {
                            ctx.extract(name, v);
                        }
                    }
                }
                return true;
            };
        }
        if (s instanceof Stage.LabelFilter lf) {
            Predicate p = predicate(lf.predicate());
            return p::test;
        }
        if (s instanceof Stage.LineFormat lf) {
            LineTemplate t = LineTemplate.compile(lf.template());
            return ctx -> {
                ctx.line = t.render(ctx::get, ctx.line);
                return true;
            };
        }
        if (s instanceof Stage.LabelFormat lf) {
            return labelFormat(lf);
        }
        if (s instanceof Stage.Drop d) {
            List<String> names = d.labels();
            return ctx -> {
                names.forEach(ctx.labels()::remove);
                return true;
            };
        }
        Set<String> keep = new HashSet<>(((Stage.Keep) s).labels());
        return ctx -> {
            ctx.labels().keySet().retainAll(keep);
            return true;
        };
    }

    private static Step lineFilter(Stage.LineFilter f) {
        boolean regex = f.op() == FilterOp.REGEX || f.op() == FilterOp.NOT_REGEX;
        boolean negative = f.op() == FilterOp.NOT_CONTAINS || f.op() == FilterOp.NOT_REGEX;
        if (regex) {
            List<Pattern> patterns = f.values().stream().map(Pattern::compile).toList();
            return ctx -> {
                for (Pattern p : patterns) {
                    if (p.matcher(ctx.line).find()) {
                        return !negative;
                    }
                }
                return negative;
            };
        }
        List<String> values = f.values();
        if (values.size() == 1) {
            String v = values.get(0);
            return ctx -> ctx.line.contains(v) != negative;
        }
        return ctx -> {
            for (String v : values) {
                if (ctx.line.contains(v)) {
                    return !negative;
                }
            }
            return negative;
        };
    }

    private static Step json(Stage.Json j) {
        if (j.extractions().isEmpty()) {
            return ctx -> {
                Object root;
                try {
                    root = Json.parse(ctx.line);
                } catch (Json.JsonException e) {
                    ctx.error("JSONParserErr", e.getMessage());
                    return true;
                }
                if (!(root instanceof Map<?, ?> m)) {
                    ctx.error("JSONParserErr", "the line is not a JSON object");
                    return true;
                }
                flatten("", m, ctx);
                return true;
            };
        }
        List<String> labels = j.extractions().stream().map(Stage.Extraction::label).toList();
        List<JsonPath> paths = j.extractions().stream().map(e -> JsonPath.parse(e.path())).toList();
        return ctx -> {
            Object root;
            try {
                root = Json.parse(ctx.line);
            } catch (Json.JsonException e) {
                ctx.error("JSONParserErr", e.getMessage());
                return true;
            }
            for (int i = 0; i < paths.size(); i++) {
                String v = Json.scalar(paths.get(i).resolve(root));
                if (v != null) {
                    ctx.extract(labels.get(i), v);
                }
            }
            return true;
        };
    }

    private static void flatten(String prefix, Map<?, ?> m, Ctx ctx) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = prefix + e.getKey();
            Object v = e.getValue();
            if (v instanceof Map<?, ?> nested) {
                flatten(key + "_", nested, ctx);
            } else {
                String scalar = Json.scalar(v);
                if (scalar != null) {
                    ctx.extract(key, scalar);
                }
            }
        }
    }

    private static Step labelFormat(Stage.LabelFormat lf) {
        List<Stage.LabelAssignment> items = lf.items();
        List<LineTemplate> templates = items.stream()
                .map(i -> i.template() == null ? null : LineTemplate.compile(i.template())).toList();
        return ctx -> {
            String[] values = new String[items.size()];
            for (int i = 0; i < items.size(); i++) {
                Stage.LabelAssignment a = items.get(i);
                values[i] = a.source() != null ? ctx.get(a.source()) : templates.get(i).render(ctx::get, ctx.line);
            }
            Map<String, String> labels = ctx.labels();
            for (int i = 0; i < items.size(); i++) {
                Stage.LabelAssignment a = items.get(i);
                if (a.source() != null) {
                    labels.remove(a.source());
                }
                if (values[i] != null) {
                    labels.put(a.label(), values[i]);
                } else {
                    labels.remove(a.label());
                }
            }
            return true;
        };
    }

    /** A compiled label predicate. */
    interface Predicate {
        boolean test(Ctx ctx);
    }

    static Predicate predicate(LabelPredicate p) {
        if (p instanceof LabelPredicate.And a) {
            Predicate l = predicate(a.left());
            Predicate r = predicate(a.right());
            return ctx -> l.test(ctx) && r.test(ctx);
        }
        if (p instanceof LabelPredicate.Or o) {
            Predicate l = predicate(o.left());
            Predicate r = predicate(o.right());
            return ctx -> l.test(ctx) || r.test(ctx);
        }
        if (p instanceof LabelPredicate.StringCompare sc) {
            String name = sc.label();
            String value = sc.value();
            if (sc.op() == MatchOp.EQ || sc.op() == MatchOp.NEQ) {
                boolean eq = sc.op() == MatchOp.EQ;
                return ctx -> {
                    String v = ctx.get(name);
                    return (v == null ? "" : v).equals(value) == eq;
                };
            }
            Pattern re = Re2Patterns.compile(value);
            boolean positive = sc.op() == MatchOp.RE;
            return ctx -> {
                String v = ctx.get(name);
                return re.matcher(v == null ? "" : v).matches() == positive;
            };
        }
        LabelPredicate.NumberCompare nc = (LabelPredicate.NumberCompare) p;
        return ctx -> {
            if (ctx.hasError()) {
                return true;
            }
            String v = ctx.get(nc.label());
            if (v == null) {
                return false;
            }
            double d = switch (nc.kind()) {
                case NUMBER -> Numbers.parse(v);
                case DURATION -> Durations.valueSeconds(v);
                case BYTES -> ByteSizes.parse(v);
            };
            if (Double.isNaN(d)) {
                ctx.error("LabelFilterErr", "cannot convert '" + v + "' of label " + nc.label() + " to a "
                        + nc.kind().name().toLowerCase(java.util.Locale.ROOT));
                return true;
            }
            return nc.op().test(d, nc.value());
        };
    }

    /** A label name Prometheus/Loki accept: other characters become {@code _}, a leading digit gets {@code _}. */
    static String sanitize(String key) {
        boolean ok = !key.isEmpty() && !Character.isDigit(key.charAt(0));
        for (int i = 0; ok && i < key.length(); i++) {
            char c = key.charAt(i);
            ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        }
        if (ok) {
            return key;
        }
        StringBuilder sb = new StringBuilder(key.length() + 1);
        if (!key.isEmpty() && Character.isDigit(key.charAt(0))) {
            sb.append('_');
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            sb.append(valid ? c : '_');
        }
        return sb.toString();
    }
}
