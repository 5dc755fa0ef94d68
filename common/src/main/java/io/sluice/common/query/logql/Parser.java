package io.sluice.common.query.logql;

import io.sluice.common.query.Re2Patterns;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.sluice.common.event.Levels;
import io.sluice.common.query.LabelMatcher;
import io.sluice.common.query.LabelMatcher.MatchOp;
import io.sluice.common.query.LineFilter.FilterOp;
import io.sluice.common.query.QueryParseException;
import io.sluice.common.query.logql.LabelPredicate.CompareOp;
import io.sluice.common.query.logql.LabelPredicate.ValueKind;
import io.sluice.common.query.logql.MetricExpr.BinaryOperator;
import io.sluice.common.query.logql.MetricExpr.Conversion;
import io.sluice.common.query.logql.MetricExpr.Grouping;
import io.sluice.common.query.logql.MetricExpr.RangeOp;
import io.sluice.common.query.logql.MetricExpr.Unwrap;
import io.sluice.common.query.logql.MetricExpr.VectorOp;
import io.sluice.common.query.logql.Token.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Recursive-descent parser of the LogQL subset (grammar in the README's "Query language" section).
 * Every error is a {@link QueryParseException} with the 1-based column of the offending token.
 * Nesting (parentheses, aggregations) is bounded by {@link LogQl#MAX_DEPTH}. One per parse.
 */
final class Parser {

    private static final List<String> PARSERS = List.of("json", "logfmt", "pattern", "regexp");

    private final List<Token> tokens;
    private int pos;
    private int depth;

    Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    LogQlExpr parse() {
        if (peek().kind() == Kind.EOF) {
            throw new QueryParseException("empty query: expected a stream selector such as {service=\"api\"}"
                    + " or a metric query such as rate({service=\"api\"}[5m])", 1);
        }
        LogQlExpr expr;
        if (peek().is("{")) {
            LogSelectorExpr log = logQuery(false, null);
            if (peek().is("[")) {
                throw error(peek(), "a range such as [5m] is only valid inside a metric function:"
                        + " write count_over_time({…}[5m])");
            }
            expr = log;
        } else {
            expr = metric(0);
        }
        Token t = peek();
        if (t.kind() != Kind.EOF) {
            throw error(t, "unexpected " + t.describe() + " after a complete query");
        }
        return expr;
    }

    // ---- log queries -------------------------------------------------------------------------

    /** A selector and its pipeline; {@code unwrapOut} (when not null) receives an unwrap stage. */
    private LogSelectorExpr logQuery(boolean allowUnwrap, Unwrap[] unwrapOut) {
        List<LabelMatcher> matchers = selector();
        List<Stage> stages = new ArrayList<>();
        pipeline(stages, allowUnwrap, unwrapOut);
        return new LogSelectorExpr(matchers, stages);
    }

    private List<LabelMatcher> selector() {
        expect("{", "expected '{' to start the stream selector");
        List<LabelMatcher> matchers = new ArrayList<>();
        if (accept("}")) {
            return matchers;
        }
        while (true) {
            matchers.add(matcher());
            if (accept(",")) {
                continue;
            }
            if (accept("}")) {
                return matchers;
            }
            Token t = peek();
            throw error(t, t.kind() == Kind.EOF ? "unclosed stream selector: expected ',' or '}'"
                    : "expected ',' or '}' in the stream selector but found " + t.describe());
        }
    }

    private LabelMatcher matcher() {
        Token name = next();
        if (name.kind() != Kind.IDENT) {
            throw error(name, "expected a label name but found " + name.describe());
        }
        Token opTok = next();
        MatchOp op = matchOp(opTok);
        if (op == null) {
            throw error(opTok, "expected one of = != =~ !~ after label '" + name.text() + "' but found "
                    + opTok.describe());
        }
        Token value = string("the value of label '" + name.text() + "'");
        String v = value.text();
        if (op == MatchOp.RE || op == MatchOp.NRE) {
            checkRegex(value);
        } else if (name.text().equals("level")) {
            v = Levels.normalize(v).orElse(v.toUpperCase(Locale.ROOT));
        }
        return new LabelMatcher(name.text(), op, v);
    }

    private void pipeline(List<Stage> stages, boolean allowUnwrap, Unwrap[] unwrapOut) {
        while (true) {
            Token t = peek();
            FilterOp filterOp = filterOp(t);
            if (filterOp != null) {
                next();
                stages.add(lineFilter(filterOp));
                continue;
            }
            if (!t.is("|")) {
                return;
            }
            next();
            Token kw = peek();
            if (kw.isIdent("unwrap")) {
                if (!allowUnwrap) {
                    throw error(kw, "unwrap is only valid inside a range aggregation such as"
                            + " sum_over_time({…} | unwrap latency_ms [5m])");
                }
                next();
                unwrapOut[0] = unwrap();
                return;
            }
            stages.add(stage());
        }
    }

    private Stage.LineFilter lineFilter(FilterOp op) {
        List<String> values = new ArrayList<>();
        do {
            Token v = string("the line filter's value");
            if (op == FilterOp.REGEX || op == FilterOp.NOT_REGEX) {
                checkRegex(v);
            }
            values.add(v.text());
        } while (acceptIdent("or"));
        return new Stage.LineFilter(op, values);
    }

    private Stage stage() {
        Token kw = peek();
        if (kw.kind() == Kind.IDENT && !nextIsComparison()) {
            switch (kw.text()) {
                case "json" -> {
                    next();
                    return json();
                }
                case "logfmt" -> {
                    next();
                    return new Stage.Logfmt();
                }
                case "pattern" -> {
                    next();
                    Token p = string("the pattern, e.g. pattern \"<ip> - <_> <status>\"");
                    try {
                        PatternExtractor.compile(p.text());
                    } catch (PatternExtractor.PatternException e) {
                        throw new QueryParseException(e.getMessage(), p.column() + 1 + e.offset);
                    }
                    return new Stage.Pattern(p.text());
                }
                case "regexp" -> {
                    next();
                    Token r = string("the regular expression, e.g. regexp \"(?P<status>\\\\d{3})\"");
                    Pattern compiled = checkRegex(r);
                    if (compiled.namedGroups().isEmpty()) {
                        throw error(r, "regexp needs at least one named group such as (?P<status>\\d{3})");
                    }
                    return new Stage.Regexp(r.text());
                }
                case "line_format" -> {
                    next();
                    Token tpl = string("the template, e.g. line_format \"{{.service}} {{.msg}}\"");
                    checkTemplate(tpl);
                    return new Stage.LineFormat(tpl.text());
                }
                case "label_format" -> {
                    next();
                    return labelFormat();
                }
                case "drop" -> {
                    next();
                    return new Stage.Drop(names("drop"));
                }
                case "keep" -> {
                    next();
                    return new Stage.Keep(names("keep"));
                }
                default -> {
                    throw error(kw, "unknown pipeline stage '" + kw.text() + "': expected json, logfmt, pattern,"
                            + " regexp, line_format, label_format, drop, keep or a label filter such as"
                            + " latency_ms > 500");
                }
            }
        }
        if (kw.kind() == Kind.IDENT || kw.is("(")) {
            return new Stage.LabelFilter(labelOr());
        }
        throw error(kw, "expected a parser (json, logfmt, pattern, regexp), line_format, label_format, drop, keep"
                + " or a label filter after '|' but found " + kw.describe());
    }

    private boolean nextIsComparison() {
        Token n = tokens.get(Math.min(pos + 1, tokens.size() - 1));
        return n.kind() == Kind.SYMBOL && List.of("=", "!=", "=~", "!~", "==", ">", ">=", "<", "<=").contains(n.text());
    }

    private Stage.Json json() {
        List<Stage.Extraction> extractions = new ArrayList<>();
        if (peek().kind() == Kind.IDENT && nextIsComparison()) {
            do {
                Token name = next();
                expect("=", "expected '=' after '" + name.text() + "' in json (json label=\"path\")");
                Token path = string("the JSON path, e.g. json status=\"response.status\"");
                try {
                    JsonPath.parse(path.text());
                } catch (IllegalArgumentException e) {
                    throw error(path, e.getMessage());
                }
                extractions.add(new Stage.Extraction(name.text(), path.text()));
            } while (accept(","));
        }
        return new Stage.Json(extractions);
    }

    private Stage.LabelFormat labelFormat() {
        List<Stage.LabelAssignment> items = new ArrayList<>();
        do {
            Token name = next();
            if (name.kind() != Kind.IDENT) {
                throw error(name, "expected a label name in label_format (label_format dst=src or dst=\"{{.a}}\")");
            }
            expect("=", "expected '=' after '" + name.text() + "' in label_format");
            Token src = next();
            if (src.kind() == Kind.IDENT) {
                items.add(new Stage.LabelAssignment(name.text(), src.text(), null));
            } else if (src.kind() == Kind.STRING) {
                checkTemplate(src);
                items.add(new Stage.LabelAssignment(name.text(), null, src.text()));
            } else {
                throw error(src, "expected a label name or a template string after '" + name.text() + "='");
            }
        } while (accept(","));
        return new Stage.LabelFormat(items);
    }

    private List<String> names(String stage) {
        List<String> names = new ArrayList<>();
        do {
            Token n = next();
            if (n.kind() != Kind.IDENT) {
                throw error(n, "expected a label name after " + stage + " but found " + n.describe());
            }
            names.add(n.text());
        } while (accept(","));
        return names;
    }

    private LabelPredicate labelOr() {
        enter();
        LabelPredicate left = labelAnd();
        while (acceptIdent("or")) {
            left = new LabelPredicate.Or(left, labelAnd());
        }
        depth--;
        return left;
    }

    private LabelPredicate labelAnd() {
        LabelPredicate left = labelPrimary();
        while (acceptIdent("and") || accept(",")) {
            left = new LabelPredicate.And(left, labelPrimary());
        }
        return left;
    }

    private LabelPredicate labelPrimary() {
        Token t = peek();
        if (accept("(")) {
            LabelPredicate inner = labelOr();
            expect(")", "expected ')' to close the label filter opened at column " + t.column());
            return inner;
        }
        Token name = next();
        if (name.kind() != Kind.IDENT) {
            throw error(name, "expected a label name in the label filter but found " + name.describe());
        }
        Token opTok = next();
        if (opTok.kind() != Kind.SYMBOL) {
            throw error(opTok, "expected a comparison (= != =~ !~ == > >= < <=) after '" + name.text() + "'");
        }
        Token value = next();
        String op = opTok.text();
        if (value.kind() == Kind.STRING) {
            MatchOp m = switch (op) {
                case "=", "==" -> MatchOp.EQ;
                case "!=" -> MatchOp.NEQ;
                case "=~" -> MatchOp.RE;
                case "!~" -> MatchOp.NRE;
                default -> throw error(opTok, "'" + op + "' compares numbers: write a number, duration or size"
                        + " (e.g. " + name.text() + " " + op + " 500), or use = != =~ !~ with a string");
            };
            if (m == MatchOp.RE || m == MatchOp.NRE) {
                checkRegex(value);
            }
            return new LabelPredicate.StringCompare(name.text(), m, value.text());
        }
        ValueKind kind = switch (value.kind()) {
            case NUMBER -> ValueKind.NUMBER;
            case DURATION -> ValueKind.DURATION;
            case BYTES -> ValueKind.BYTES;
            default -> throw error(value, "expected a string, number, duration or size after '" + op
                    + "' but found " + value.describe());
        };
        CompareOp cmp = switch (op) {
            case "=", "==" -> CompareOp.EQ;
            case "!=" -> CompareOp.NEQ;
            case ">" -> CompareOp.GT;
            case ">=" -> CompareOp.GTE;
            case "<" -> CompareOp.LT;
            case "<=" -> CompareOp.LTE;
            default -> throw error(opTok, "'" + op + "' needs a string (regular expression), not a number");
        };
        double v = switch (kind) {
            case NUMBER -> Double.parseDouble(value.text());
            case DURATION -> Durations.parseNanos(value.text()) / 1e9;
            case BYTES -> ByteSizes.parse(value.text());
        };
        return new LabelPredicate.NumberCompare(name.text(), cmp, kind, v);
    }

    private Unwrap unwrap() {
        Token t = next();
        if (t.kind() != Kind.IDENT) {
            throw error(t, "expected a label name after unwrap but found " + t.describe());
        }
        Conversion conv = Conversion.NUMBER;
        String label = t.text();
        if (peek().is("(")) {
            conv = switch (t.text()) {
                case "duration", "duration_seconds" -> Conversion.DURATION_SECONDS;
                case "bytes" -> Conversion.BYTES;
                default -> throw error(t, "unknown unwrap conversion '" + t.text()
                        + "': use duration(label), duration_seconds(label) or bytes(label)");
            };
            next();
            Token l = next();
            if (l.kind() != Kind.IDENT) {
                throw error(l, "expected a label name in " + t.text() + "(…)");
            }
            label = l.text();
            expect(")", "expected ')' after " + t.text() + "(" + label);
        }
        List<Stage.LabelFilter> post = new ArrayList<>();
        while (peek().is("|")) {
            next();
            Token f = peek();
            if (f.kind() != Kind.IDENT && !f.is("(")) {
                throw error(f, "only label filters (such as __error__=\"\") may follow unwrap");
            }
            post.add(new Stage.LabelFilter(labelOr()));
        }
        return new Unwrap(label, conv, post);
    }

    // ---- metric queries ----------------------------------------------------------------------

    private MetricExpr metric(int minPrecedence) {
        enter();
        MetricExpr left = unary();
        while (true) {
            Token t = peek();
            BinaryOperator op = t.kind() == Kind.SYMBOL ? BinaryOperator.bySymbol(t.text()) : null;
            if (op == null || op.precedence() < minPrecedence) {
                break;
            }
            next();
            boolean bool = false;
            if (peek().isIdent("bool")) {
                if (!op.comparison()) {
                    throw error(peek(), "bool only modifies comparisons (== != > >= < <=)");
                }
                next();
                bool = true;
            }
            MetricExpr right = metric(op == BinaryOperator.POW ? op.precedence() : op.precedence() + 1);
            left = new MetricExpr.BinaryOp(op, left, right, bool);
        }
        depth--;
        return left;
    }

    private MetricExpr unary() {
        Token t = peek();
        if (t.is("-") || t.is("+")) {
            next();
            Token n = next();
            if (n.kind() != Kind.NUMBER) {
                throw error(n, "expected a number after '" + t.text() + "'");
            }
            double v = Double.parseDouble(n.text());
            return new MetricExpr.Literal(t.is("-") ? -v : v);
        }
        if (t.kind() == Kind.NUMBER) {
            next();
            return new MetricExpr.Literal(Double.parseDouble(t.text()));
        }
        if (accept("(")) {
            MetricExpr inner = metric(0);
            expect(")", "expected ')' to close the parenthesis opened at column " + t.column());
            return inner;
        }
        if (t.is("{")) {
            throw error(t, "a log query cannot be combined here: wrap it in a metric function such as"
                    + " count_over_time({…}[5m])");
        }
        if (t.kind() == Kind.IDENT) {
            RangeOp r = RangeOp.byName(t.text());
            if (r != null) {
                next();
                return rangeAggregation(t, r);
            }
            VectorOp v = VectorOp.byName(t.text());
            if (v != null) {
                next();
                return vectorAggregation(t, v);
            }
            throw error(t, "unknown function '" + t.text() + "': expected one of "
                    + Arrays.stream(RangeOp.values()).map(RangeOp::function).collect(Collectors.joining(", "))
                    + ", " + Arrays.stream(VectorOp.values()).map(VectorOp::function).collect(Collectors.joining(", ")));
        }
        throw error(t, t.kind() == Kind.EOF ? "incomplete query: expected a metric expression"
                : "expected a metric expression such as rate({service=\"api\"}[5m]) but found " + t.describe());
    }

    private MetricExpr rangeAggregation(Token fn, RangeOp op) {
        expect("(", "expected '(' after " + op.function());
        Double parameter = null;
        if (op == RangeOp.QUANTILE_OVER_TIME) {
            Token q = next();
            if (q.kind() != Kind.NUMBER) {
                throw error(q, "quantile_over_time needs the quantile first: quantile_over_time(0.99, {…} | unwrap x [5m])");
            }
            parameter = Double.parseDouble(q.text());
            if (parameter < 0 || parameter > 1) {
                throw error(q, "the quantile must be between 0 and 1");
            }
            expect(",", "expected ',' after the quantile");
        }
        Token selectorStart = peek();
        if (!selectorStart.is("{")) {
            throw error(selectorStart, op.function() + " needs a log query with a range, e.g. "
                    + op.function() + "({service=\"api\"}[5m])");
        }
        Unwrap[] unwrap = new Unwrap[1];
        List<LabelMatcher> matchers = selector();
        List<Stage> stages = new ArrayList<>();
        long range;
        if (peek().is("[")) {
            range = range(op);
            pipeline(stages, true, unwrap);
        } else {
            pipeline(stages, true, unwrap);
            if (!peek().is("[")) {
                throw error(peek(), op.function() + " needs a range after the log query, e.g. [5m], but found "
                        + peek().describe());
            }
            range = range(op);
        }
        long offset = 0;
        if (acceptIdent("offset")) {
            Token d = next();
            if (d.kind() != Kind.DURATION) {
                throw error(d, "expected a duration after offset, e.g. offset 1h");
            }
            offset = Durations.parseNanos(d.text());
        }
        expect(")", "expected ')' to close " + op.function() + "(");
        if (op.unwrap() == Boolean.TRUE && unwrap[0] == null) {
            throw error(fn, op.function() + " needs an unwrapped label: " + op.function()
                    + "({…} | unwrap latency_ms [5m])");
        }
        if (op.unwrap() == Boolean.FALSE && unwrap[0] != null) {
            throw error(fn, op.function() + " counts lines and cannot use unwrap; use sum_over_time, avg_over_time, …");
        }
        Grouping grouping = null;
        Token g = peek();
        if (g.isIdent("by") || g.isIdent("without")) {
            if (unwrap[0] == null) {
                throw error(g, "grouping is only allowed on unwrapped range aggregations; write sum "
                        + g.text() + " (…) (" + op.function() + "(…))");
            }
            grouping = grouping();
        }
        return new MetricExpr.RangeAggregation(op, new LogSelectorExpr(matchers, stages), unwrap[0], range, offset,
                parameter, grouping);
    }

    private long range(RangeOp op) {
        expect("[", "expected '['");
        Token d = next();
        if (d.kind() != Kind.DURATION) {
            throw error(d, "expected a duration such as 5m in the range of " + op.function() + " but found "
                    + d.describe());
        }
        long nanos = Durations.parseNanos(d.text());
        if (nanos <= 0) {
            throw error(d, "the range must be longer than zero");
        }
        expect("]", "expected ']' after the range");
        return nanos;
    }

    private MetricExpr vectorAggregation(Token fn, VectorOp op) {
        Grouping grouping = null;
        if (peek().isIdent("by") || peek().isIdent("without")) {
            grouping = grouping();
        }
        Token open = peek();
        expect("(", "expected '(' after " + op.function());
        enter();
        Integer parameter = null;
        if (op == VectorOp.TOPK || op == VectorOp.BOTTOMK) {
            Token k = next();
            double kv = k.kind() == Kind.NUMBER ? Double.parseDouble(k.text()) : -1;
            if (kv < 1 || kv != Math.floor(kv) || kv > Integer.MAX_VALUE) {
                throw error(k, op.function() + " needs a whole number k ≥ 1 first: " + op.function() + "(5, …)");
            }
            parameter = (int) kv;
            expect(",", "expected ',' after k");
        }
        MetricExpr inner = metric(0);
        expect(")", "expected ')' to close " + op.function() + "( opened at column " + open.column());
        depth--;
        Token g = peek();
        if (g.isIdent("by") || g.isIdent("without")) {
            if (grouping != null) {
                throw error(g, "grouping given twice: put by/without either before or after the parentheses");
            }
            grouping = grouping();
        }
        return new MetricExpr.VectorAggregation(op, inner, grouping, parameter);
    }

    private Grouping grouping() {
        boolean without = next().text().equals("without");
        expect("(", "expected '(' after " + (without ? "without" : "by"));
        List<String> labels = new ArrayList<>();
        if (!accept(")")) {
            do {
                Token l = next();
                if (l.kind() != Kind.IDENT) {
                    throw error(l, "expected a label name in the grouping but found " + l.describe());
                }
                labels.add(l.text());
            } while (accept(","));
            expect(")", "expected ',' or ')' in the grouping");
        }
        return new Grouping(without, labels);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private void enter() {
        if (++depth > LogQl.MAX_DEPTH) {
            throw error(peek(), "query nested too deeply (more than " + LogQl.MAX_DEPTH + " levels)");
        }
    }

    private Token string(String what) {
        Token t = next();
        if (t.kind() != Kind.STRING) {
            throw error(t, "expected a quoted string for " + what + " but found " + t.describe());
        }
        return t;
    }

    private Pattern checkRegex(Token t) {
        try {
            return Re2Patterns.compile(t.text());
        } catch (PatternSyntaxException e) {
            throw error(t, "invalid regular expression: " + e.getDescription()
                    + (e.getPattern() == null || e.getPattern().isEmpty() ? "" : " in '" + e.getPattern() + "'"));
        }
    }

    private void checkTemplate(Token t) {
        try {
            LineTemplate.compile(t.text());
        } catch (LineTemplate.TemplateException e) {
            throw new QueryParseException(e.getMessage(), t.column() + 1 + e.offset);
        }
    }

    private static MatchOp matchOp(Token t) {
        if (t.kind() != Kind.SYMBOL) {
            return null;
        }
        return switch (t.text()) {
            case "=" -> MatchOp.EQ;
            case "!=" -> MatchOp.NEQ;
            case "=~" -> MatchOp.RE;
            case "!~" -> MatchOp.NRE;
            default -> null;
        };
    }

    private static FilterOp filterOp(Token t) {
        if (t.kind() != Kind.SYMBOL) {
            return null;
        }
        return switch (t.text()) {
            case "|=" -> FilterOp.CONTAINS;
            case "!=" -> FilterOp.NOT_CONTAINS;
            case "|~" -> FilterOp.REGEX;
            case "!~" -> FilterOp.NOT_REGEX;
            default -> null;
        };
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (pos < tokens.size() - 1) {
            pos++;
        }
        return t;
    }

    private boolean accept(String symbol) {
        if (peek().is(symbol)) {
            next();
            return true;
        }
        return false;
    }

    private boolean acceptIdent(String word) {
        if (peek().isIdent(word)) {
            next();
            return true;
        }
        return false;
    }

    private void expect(String symbol, String message) {
        Token t = peek();
        if (!t.is(symbol)) {
            throw error(t, message + (t.kind() == Kind.EOF ? " but the query ended" : " but found " + t.describe()));
        }
        next();
    }

    private static QueryParseException error(Token t, String message) {
        return new QueryParseException(message, t.column());
    }
}
