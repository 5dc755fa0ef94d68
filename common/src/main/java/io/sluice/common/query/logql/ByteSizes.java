package io.sluice.common.query.logql;

import java.util.Locale;
import java.util.regex.Pattern;

/** Byte sizes as LogQL writes them: {@code 512B}, {@code 1KB} (1000), {@code 1KiB} (1024), up to exabytes. */
final class ByteSizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*([kmgtpe]?i?b?)",
            Pattern.CASE_INSENSITIVE);

    private ByteSizes() {
    }

    static boolean isByteSize(String text) {
        var m = SIZE.matcher(text);
        return m.matches() && !m.group(2).isEmpty() && text.toLowerCase(Locale.ROOT).endsWith("b");
    }

    /** Bytes of {@code text} ({@code 1KB}, {@code 1.5 MiB}, {@code 42}), or {@code NaN} when it is not a size. */
    static double parse(String text) {
        var m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return Double.NaN;
        }
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        double n = Double.parseDouble(m.group(1));
        if (unit.isEmpty() || unit.equals("b")) {
            return n;
        }
        boolean binary = unit.contains("i");
        int power = "kmgtpe".indexOf(unit.charAt(0)) + 1;
        return n * Math.pow(binary ? 1024 : 1000, power);
    }
}
