package io.sluice.logstore.engine;

import java.util.List;

/**
 * Lines of a log query plus where to continue.
 *
 * @param lines the lines, in the requested order
 * @param nextCursor cursor for the next page, {@code null} when there is none
 * @param stats what the query cost
 */
public record LogsResult(List<LogLine> lines, String nextCursor, QueryStats stats) {

    public LogsResult {
        lines = List.copyOf(lines);
    }
}
