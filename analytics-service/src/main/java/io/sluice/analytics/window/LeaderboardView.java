package io.sluice.analytics.window;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer of {@code GET /api/v1/leaderboards}: one board of one window, best first.
 *
 * @param tenant whose board
 * @param board {@code top-error-templates}, {@code noisiest-services} or {@code new-templates}
 * @param window {@code 1h} or {@code 1d}
 * @param start window start, epoch ms (event time, UTC-aligned)
 * @param end window end, epoch ms (exclusive)
 * @param entries at most the requested number
 */
public record LeaderboardView(String tenant, String board, String window, long start, long end, List<Entry> entries) {

    /**
     * One place on a board.
     *
     * @param service the service
     * @param template the template id (decimal), absent on {@code noisiest-services}
     * @param text the template's text when first counted, absent on {@code noisiest-services}
     * @param value ERROR+FATAL events, events, or (new templates) the first event's time in epoch ms
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String service, String template, String text, long value) {
    }
}
