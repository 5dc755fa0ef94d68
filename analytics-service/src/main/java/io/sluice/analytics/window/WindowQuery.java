package io.sluice.analytics.window;

/**
 * What {@code GET /api/v1/windows} asks for, validated: a tenant's windows of one width over
 * [{@code from}, {@code to}), tumbling ({@code stepMillis == 0}) or sliding by {@code stepMillis},
 * optionally narrowed to one service, level and/or template ({@code null} = all).
 *
 * @param tenant whose statistics
 * @param size window width
 * @param from range start, epoch ms
 * @param to range end (exclusive), epoch ms
 * @param stepMillis 0 for the stored tumbling windows; otherwise the step of sliding windows (a multiple of 10 s)
 * @param service only this service, or {@code null}
 * @param level only this level, or {@code null}
 * @param template only this template id, or {@code null}
 */
public record WindowQuery(String tenant, WindowSize size, long from, long to, long stepMillis, String service, String level,
        Long template) {

    /** Whether the series {@code service}, {@code level}, {@code template} passes the filters. */
    boolean accepts(String service, String level, String template) {
        return (this.service == null || this.service.equals(service))
                && (this.level == null || this.level.equals(level))
                && (this.template == null || this.template.toString().equals(template));
    }
}
