package io.sluice.analytics.api;

import io.sluice.analytics.window.LeaderboardReader;
import io.sluice.analytics.window.LeaderboardView;
import io.sluice.analytics.window.WindowReader;
import io.sluice.analytics.window.WindowView;
import io.sluice.platform.tenant.RequestTenants;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/windows} (window statistics: counts, bytes, error ratio, quantiles; see
 * {@link WindowRequest}) and {@code GET /api/v1/leaderboards} (see {@link LeaderboardRequest}) of the
 * tenant of the request's API key, read from what analytics keeps in Redis. Authenticated exactly as
 * {@code /api/v1/stats}: 401 without a valid key, 403 for another tenant, 400 for bad parameters,
 * 503 while the tenant store is unreachable, each with {@code {"error": "…"}}.
 */
@RestController
public class WindowController {

    private final WindowReader windows;
    private final LeaderboardReader boards;
    private final RequestTenants tenants;

    /** Serves what {@code windows} and {@code boards} read, for the tenant {@code tenants} finds for each request's key. */
    public WindowController(WindowReader windows, LeaderboardReader boards, RequestTenants tenants) {
        this.windows = windows;
        this.boards = boards;
        this.tenants = tenants;
    }

    /** Windows of the key's tenant; see {@link WindowView} for the shape. */
    @GetMapping(path = "/api/v1/windows", produces = "application/json")
    public Mono<WindowView> windows(@RequestParam(required = false) String window, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String step,
            @RequestParam(required = false) String service, @RequestParam(required = false) String level,
            @RequestParam(required = false) String template, @RequestParam(required = false) String tenant,
            @RequestHeader HttpHeaders headers) {
        return tenants.tenantOf(headers, tenant)
                .map(t -> WindowRequest.parse(window, from, to, step, service, level, template, t, System.currentTimeMillis()))
                .flatMap(windows::read);
    }

    /** One leaderboard of the key's tenant; see {@link LeaderboardView} for the shape. */
    @GetMapping(path = "/api/v1/leaderboards", produces = "application/json")
    public Mono<LeaderboardView> leaderboards(@RequestParam(required = false) String board, @RequestParam(required = false) String window,
            @RequestParam(required = false) String at, @RequestParam(required = false) String limit,
            @RequestParam(required = false) String tenant, @RequestHeader HttpHeaders headers) {
        return tenants.tenantOf(headers, tenant).flatMap(t -> {
            LeaderboardRequest r = LeaderboardRequest.parse(board, window, at, limit, System.currentTimeMillis());
            return boards.read(t, r.board(), r.window(), r.at(), r.limit());
        });
    }
}
