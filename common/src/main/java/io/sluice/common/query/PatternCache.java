package io.sluice.common.query;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Compiled regular expressions of parsed queries, so that per-event matching never recompiles. */
final class PatternCache {

    private static final int MAX_ENTRIES = 1024;
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private PatternCache() {
    }

    static Pattern get(String regex) {
        Pattern p = CACHE.get(regex);
        if (p == null) {
            p = Pattern.compile(regex);
            if (CACHE.size() >= MAX_ENTRIES) {
                CACHE.clear();
            }
            CACHE.put(regex, p);
        }
        return p;
    }
}
