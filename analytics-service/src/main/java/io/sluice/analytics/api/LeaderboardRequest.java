package io.sluice.analytics.api;

import io.sluice.analytics.window.Board;
import io.sluice.analytics.window.BoardWindow;

/**
 * The validated parameters of {@code GET /api/v1/leaderboards}: {@code board} (required),
 * {@code window} ({@code 1h} or {@code 1d}, default {@code 1h}), {@code at} (a time in the window,
 * RFC 3339 or epoch ms, default now) and {@code limit} (1 to {@value #MAX_LIMIT}, default 10).
 *
 * @param board which board
 * @param window which window width
 * @param at a time inside the window, epoch ms
 * @param limit most entries returned
 */
record LeaderboardRequest(Board board, BoardWindow window, long at, int limit) {

    static final int MAX_LIMIT = 1000;

    /**
     * Parses the query parameters ({@code null} when absent) at {@code nowMillis}.
     *
     * @throws IllegalArgumentException with a message naming the offending parameter
     */
    static LeaderboardRequest parse(String board, String window, String at, String limit, long nowMillis) {
        if (board == null) {
            throw new IllegalArgumentException("board is required; " + Board.parseHint());
        }
        return new LeaderboardRequest(Board.parse(board.trim()), BoardWindow.parse(window == null ? "1h" : window.trim()),
                at == null ? nowMillis : StatsRequest.millis("at", at), limit(limit));
    }

    private static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return 10;
        }
        try {
            int n = Integer.parseInt(limit.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("limit must be a whole number from 1 to " + MAX_LIMIT + ", was '" + limit + "'");
    }
}
