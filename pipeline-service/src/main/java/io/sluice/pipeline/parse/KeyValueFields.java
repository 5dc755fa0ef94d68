package io.sluice.pipeline.parse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code key=value} pairs anywhere in free text ({@code "user login ok user=ada ip=10.0.0.1,
 * reason='bad password'"}): keys are letters, digits, {@code _ . -} starting with a letter or
 * {@code _}; values are double- or single-quoted (backslash escapes) or bare up to white space,
 * {@code ,} or {@code ;}. Words that are not pairs are skipped; a value whose quote is never
 * closed ends the scan (the pairs before it are kept). At least one pair or the line is
 * left alone. Hand scanner.
 */
final class KeyValueFields implements FieldParser {

    @Override
    public boolean parse(String line, Map<String, String> out) {
        if (line == null || line.indexOf('=') < 0) {
            return false;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        int n = line.length();
        int i = 0;
        while (i < n) {
            char c = line.charAt(i);
            boolean atWordStart = i == 0 || !isKeyChar(line.charAt(i - 1));
            if (!atWordStart || !(Character.isLetter(c) || c == '_')) {
                i++;
                continue;
            }
            int keyStart = i;
            while (i < n && isKeyChar(line.charAt(i))) {
                i++;
            }
            if (i >= n || line.charAt(i) != '=') {
                continue;
            }
            String key = line.substring(keyStart, i);
            i++;
            char q = i < n ? line.charAt(i) : 0;
            if (q == '"' || q == '\'') {
                StringBuilder value = new StringBuilder();
                int end = QuotedValues.read(line, i, q, value);
                if (end < 0) {
                    break;
                }
                fields.put(key, value.toString());
                i = end;
                continue;
            }
            int valueStart = i;
            while (i < n && (c = line.charAt(i)) > ' ' && c != ',' && c != ';') {
                i++;
            }
            fields.put(key, line.substring(valueStart, i));
        }
        if (fields.isEmpty()) {
            return false;
        }
        out.putAll(fields);
        return true;
    }

    private static boolean isKeyChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
    }
}
