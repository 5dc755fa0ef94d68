package io.sluice.common.query;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.sluice.common.event.Levels;
import io.sluice.common.query.LabelMatcher.MatchOp;
import io.sluice.common.query.LineFilter.FilterOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recursive-descent parser for the log query language:
 * <pre>
 * query    = selector { filter }
 * selector = "{" [ matcher { "," matcher } ] "}"
 * matcher  = label ( "=" | "!=" | "=~" | "!~" ) string
 * filter   = ( "|=" | "!=" | "|~" | "!~" ) string
 * string   = '"' chars with \" \\ \n \t escapes '"'  |  '`' raw chars '`'
 * </pre>
 * Every error is a {@link QueryParseException} naming the column. Not thread-safe; one per parse.
 */
final class LogQueryParser {

    private static final int MAX_QUERY_LENGTH = 16 * 1024;

    private final String src;
    private int pos;

    LogQueryParser(String src) {
        this.src = src == null ? "" : src;
    }

    LogQuery parse() {
        if (src.length() > MAX_QUERY_LENGTH) {
            throw new QueryParseException("query longer than " + MAX_QUERY_LENGTH + " characters", MAX_QUERY_LENGTH + 1);
        }
        skipSpace();
        if (pos >= src.length()) {
            throw new QueryParseException("empty query: expected a stream selector such as {} or {service=\"api\"}", 1);
        }
        List<LabelMatcher> matchers = selector();
        List<LineFilter> filters = new ArrayList<>();
        skipSpace();
        while (pos < src.length()) {
            filters.add(filter());
            skipSpace();
        }
        return new LogQuery(matchers, filters);
    }

    private List<LabelMatcher> selector() {
        expect('{', "expected '{' to start the stream selector");
        List<LabelMatcher> matchers = new ArrayList<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return matchers;
        }
        while (true) {
            matchers.add(matcher());
            skipSpace();
            char c = peek();
            if (c == ',') {
                pos++;
                continue;
            }
            if (c == '}') {
                pos++;
                return matchers;
            }
            throw error(c == 0 ? "unclosed stream selector: expected ',' or '}'" : "expected ',' or '}' but found '" + c + "'");
        }
    }

    private LabelMatcher matcher() {
        skipSpace();
        int start = pos;
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            char c = peek();
            throw error(c == 0 ? "expected a label name" : "expected a label name but found '" + c + "'");
        }
        String label = src.substring(start, pos);
        if (!LogQuery.LABELS.contains(label)) {
            throw new QueryParseException("unknown label '" + label + "' (known: service, host, level)", start + 1);
        }
        skipSpace();
        MatchOp op;
        if (src.startsWith("=~", pos)) {
            op = MatchOp.RE;
        } else if (src.startsWith("!~", pos)) {
            op = MatchOp.NRE;
        } else if (src.startsWith("!=", pos)) {
            op = MatchOp.NEQ;
        } else if (src.startsWith("=", pos)) {
            op = MatchOp.EQ;
        } else {
            throw error("expected one of = != =~ !~ after label '" + label + "'");
        }
        pos += op.symbol().length();
        skipSpace();
        int valueCol = pos;
        String value = string();
        if (op == MatchOp.RE || op == MatchOp.NRE) {
            checkRegex(value, valueCol);
        } else if (label.equals("level")) {
            value = Levels.normalize(value).orElse(value.toUpperCase(Locale.ROOT));
        }
        return new LabelMatcher(label, op, value);
    }

    private LineFilter filter() {
        FilterOp op;
        if (src.startsWith("|=", pos)) {
            op = FilterOp.CONTAINS;
        } else if (src.startsWith("!=", pos)) {
            op = FilterOp.NOT_CONTAINS;
        } else if (src.startsWith("|~", pos)) {
            op = FilterOp.REGEX;
        } else if (src.startsWith("!~", pos)) {
            op = FilterOp.NOT_REGEX;
        } else {
            throw error("expected a line filter (|= != |~ !~) but found '" + peek() + "'");
        }
        pos += 2;
        skipSpace();
        int valueCol = pos;
        String value = string();
        if (op == FilterOp.REGEX || op == FilterOp.NOT_REGEX) {
            checkRegex(value, valueCol);
        }
        return new LineFilter(op, value);
    }

    private String string() {
        char quote = peek();
        if (quote != '"' && quote != '`') {
            throw error(quote == 0 ? "expected a quoted string" : "expected a quoted string but found '" + quote + "'");
        }
        int start = pos;
        QuotedString quoted = QuotedString.scan(src, start);
        if (quoted == null) {
            throw new QueryParseException("unterminated string", start + 1);
        }
        pos = quoted.end();
        return quoted.value();
    }

    private void checkRegex(String regex, int col) {
        try {
            Re2Patterns.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new QueryParseException("invalid regular expression: " + e.getDescription(), col + 1);
        }
    }

    private void expect(char c, String message) {
        skipSpace();
        if (peek() != c) {
            throw error(message);
        }
        pos++;
    }

    private char peek() {
        return pos < src.length() ? src.charAt(pos) : 0;
    }

    private void skipSpace() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
    }

    private QueryParseException error(String message) {
        return new QueryParseException(message, pos + 1);
    }
}
