package io.sluice.common.query.logql;

import io.sluice.common.query.QueryParseException;
import io.sluice.common.query.QuotedString;
import io.sluice.common.query.logql.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/** Splits a LogQL query into tokens, each with its 1-based column. Fails on the first bad character. */
final class Lexer {

    private static final String[] SYMBOLS = {
        "|=", "|~", "!=", "!~", "=~", "==", ">=", "<=", "=", ">", "<", "|", "{", "}", "(", ")", "[", "]", ",",
        "+", "-", "*", "/", "%", "^"};

    private final String src;
    private int pos;

    private Lexer(String src) {
        this.src = src;
    }

    static List<Token> tokens(String src) {
        return new Lexer(src).run();
    }

    private List<Token> run() {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos >= src.length()) {
                out.add(new Token(Kind.EOF, "", pos + 1));
                return out;
            }
            out.add(next());
        }
    }

    private Token next() {
        char c = src.charAt(pos);
        int start = pos;
        if (c == '"' || c == '`') {
            return new Token(Kind.STRING, string(c), start + 1);
        }
        if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
            return number();
        }
        if (Character.isLetter(c) || c == '_') {
            while (pos < src.length() && isIdentPart(src.charAt(pos))) {
                pos++;
            }
            return new Token(Kind.IDENT, src.substring(start, pos), start + 1);
        }
        for (String s : SYMBOLS) {
            if (src.startsWith(s, pos)) {
                pos += s.length();
                return new Token(Kind.SYMBOL, s, start + 1);
            }
        }
        throw new QueryParseException("unexpected character '" + c + "'", start + 1);
    }

    private Token number() {
        int start = pos;
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '.'
                || src.charAt(pos) == 'µ')) {
            pos++;
        }
        String text = src.substring(start, pos);
        if (Durations.isNumber(text)) {
            return new Token(Kind.NUMBER, text, start + 1);
        }
        if (Durations.isDuration(text)) {
            return new Token(Kind.DURATION, text, start + 1);
        }
        if (ByteSizes.isByteSize(text)) {
            return new Token(Kind.BYTES, text, start + 1);
        }
        throw new QueryParseException("invalid number, duration or byte size '" + text
                + "': use a number (0.99), a duration (250ms, 5m, 1h30m) or a size (512B, 1KB, 10MiB)", start + 1);
    }

    private String string(char quote) {
        int start = pos;
        QuotedString quoted = QuotedString.scan(src, start);
        if (quoted == null) {
            throw new QueryParseException("unterminated string: add the closing " + quote, start + 1);
        }
        pos = quoted.end();
        return quoted.value();
    }

    private void skipSpace() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
