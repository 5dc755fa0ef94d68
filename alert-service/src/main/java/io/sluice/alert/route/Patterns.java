package io.sluice.alert.route;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Compiled, anchored matcher regexes, cached (bounded) because the same few are evaluated per alert per flush. */
final class Patterns {

    private static final int MAX = 10_000;
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private Patterns() {
    }

    static Pattern anchored(String regex) {
        Pattern p = CACHE.get(regex);
        if (p == null) {
            p = Pattern.compile("^(?:" + regex + ")$");
            if (CACHE.size() >= MAX) {
                CACHE.clear();
            }
            CACHE.put(regex, p);
        }
        return p;
    }
}
