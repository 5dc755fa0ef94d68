package io.sluice.common.query;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import com.google.re2j.Pattern;

/**
 * Compiled regular expressions of parsed queries, so that per-event matching never recompiles. RE2
 * syntax (as LogQL's): matching runs in time linear in the input, so a hostile pattern cannot hang
 * a query thread with catastrophic backtracking.
 */
final class PatternCache {

    private static final int MAX_ENTRIES = 1024;
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private PatternCache() {
    }

    static Pattern get(String regex) {
        Pattern p = CACHE.get(regex);
        if (p == null) {
            p = Re2Patterns.compile(regex);
            if (CACHE.size() >= MAX_ENTRIES) {
                CACHE.clear();
            }
            CACHE.put(regex, p);
        }
        return p;
    }
}
