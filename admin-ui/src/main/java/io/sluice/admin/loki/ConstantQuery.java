package io.sluice.admin.loki;

import java.util.Optional;

/**
 * Evaluates LogQL expressions that read no logs: numbers and {@code vector(<number>)} combined with
 * {@code + - * / %} and parentheses. Grafana's Loki data source checks a connection ("Save &amp;
 * test") with the instant query {@code vector(1)+vector(1)} and expects one sample of value 2;
 * answering such expressions here keeps that check independent of the stores. Anything else is
 * not a constant ({@link #evaluate} is empty) and goes to the query engine. Not thread-safe; one
 * instance per evaluation.
 */
final class ConstantQuery {

    private final String text;
    private int pos;
    private boolean vector;

    private ConstantQuery(String text) {
        this.text = text;
    }

    /** The value of {@code query} when it is a constant expression, otherwise empty. */
    static Optional<Constant> evaluate(String query) {
        ConstantQuery parser = new ConstantQuery(query);
        try {
            double value = parser.sum();
            parser.skipSpaces();
            return parser.pos == query.length() ? Optional.of(new Constant(value, parser.vector)) : Optional.empty();
        } catch (NotConstant e) {
            return Optional.empty();
        }
    }

    private double sum() {
        double value = product();
        while (true) {
            if (accept('+')) {
                value += product();
            } else if (accept('-')) {
                value -= product();
            } else {
                return value;
            }
        }
    }

    private double product() {
        double value = unary();
        while (true) {
            if (accept('*')) {
                value *= unary();
            } else if (accept('/')) {
                value /= unary();
            } else if (accept('%')) {
                value %= unary();
            } else {
                return value;
            }
        }
    }

    private double unary() {
        if (accept('-')) {
            return -unary();
        }
        if (accept('+')) {
            return unary();
        }
        if (accept('(')) {
            double value = sum();
            expect(')');
            return value;
        }
        skipSpaces();
        if (text.startsWith("vector", pos)) {
            pos += "vector".length();
            expect('(');
            double value = sum();
            expect(')');
            vector = true;
            return value;
        }
        return number();
    }

    private double number() {
        int start = pos;
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            pos++;
        }
        if (start == pos) {
            throw new NotConstant();
        }
        try {
            return Double.parseDouble(text.substring(start, pos));
        } catch (NumberFormatException e) {
            throw new NotConstant();
        }
    }

    private boolean accept(char c) {
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!accept(c)) {
            throw new NotConstant();
        }
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    /**
     * A constant's value.
     *
     * @param value the number
     * @param vector whether it is a one-sample vector without labels (otherwise a scalar)
     */
    record Constant(double value, boolean vector) {
    }

    private static final class NotConstant extends RuntimeException {
        NotConstant() {
            super(null, null, false, false);
        }
    }
}
