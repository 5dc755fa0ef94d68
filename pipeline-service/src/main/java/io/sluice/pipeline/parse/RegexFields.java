package io.sluice.pipeline.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A precompiled regular expression whose capture groups become fields: the first match anywhere
 * in the line ({@code find}, as LogQL's {@code | regexp}); groups that did not take part are left
 * out. Built from a Java regex with named groups ({@link #named}) or from grok ({@link GrokCompiler}).
 */
final class RegexFields implements FieldParser {

    private final Pattern pattern;
    private final String[] names;
    private final int[] groups;

    RegexFields(Pattern pattern, List<String> names, List<Integer> groups) {
        this.pattern = pattern;
        this.names = names.toArray(String[]::new);
        this.groups = groups.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * A parser for a Java regex with named groups {@code (?<name>...)}.
     *
     * @throws IllegalArgumentException when the pattern does not compile or names no group
     */
    static RegexFields named(String regex) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad regular expression: " + e.getMessage(), e);
        }
        List<String> names = groupNames(regex);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("regular expression " + regex + " has no named group (?<name>...)");
        }
        List<Integer> groups = new ArrayList<>();
        for (String name : names) {
            groups.add(-1);
        }
        return new RegexFields(pattern, names, groups);
    }

    @Override
    public boolean parse(String line, Map<String, String> out) {
        if (line == null) {
            return false;
        }
        Matcher m = pattern.matcher(line);
        if (!m.find()) {
            return false;
        }
        for (int i = 0; i < names.length; i++) {
            String v = groups[i] < 0 ? m.group(names[i]) : m.group(groups[i]);
            if (v != null) {
                out.put(names[i], v);
            }
        }
        return true;
    }

    /** The names of {@code (?<name>...)} groups in {@code regex}, in order (Java 17 has no API for it). */
    static List<String> groupNames(String regex) {
        List<String> names = new ArrayList<>();
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (!inClass && c == '(' && regex.startsWith("?<", i + 1) && i + 3 < regex.length()
                    && regex.charAt(i + 3) != '=' && regex.charAt(i + 3) != '!') {
                int end = regex.indexOf('>', i + 3);
                if (end > 0) {
                    names.add(regex.substring(i + 3, end));
                }
            }
        }
        return names;
    }
}
