package io.sluice.common.query.logql;

/** Lenient number parsing for label values: {@code NaN} instead of an exception. */
final class Numbers {

    private Numbers() {
    }

    static double parse(String text) {
        if (text == null) {
            return Double.NaN;
        }
        String t = text.trim();
        if (t.isEmpty() || t.length() > 64) {
            return Double.NaN;
        }
        char c = t.charAt(t.length() - 1);
        if (!Character.isDigit(c) && c != '.') {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
