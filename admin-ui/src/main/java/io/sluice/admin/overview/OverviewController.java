package io.sluice.admin.overview;

import io.sluice.admin.AdminProperties;
import io.sluice.admin.session.ConsoleSession;
import io.sluice.admin.session.LoginController;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The overview page ({@code GET /}: events per minute by level over the last hour, totals per
 * level and per service) and the same-origin proxy its script polls ({@code GET /console/api/stats}),
 * so the browser never needs analytics' address. Both show the signed-in tenant only
 * ({@link ConsoleSession}). When analytics cannot be reached the page says so and the proxy answers
 * 502 with a message.
 */
@Controller
public class OverviewController {

    private static final Logger log = LoggerFactory.getLogger(OverviewController.class);

    private final AnalyticsClient analytics;
    private final AdminProperties properties;
    private final Clock clock;

    /** The overview of the signed-in tenant, from {@code analytics}. */
    public OverviewController(AnalyticsClient analytics, AdminProperties properties, Clock clock) {
        this.analytics = analytics;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    Mono<Rendering> page(ServerWebExchange exchange) {
        // Only a shipper's probe of "/" gets here without a session (see ConsoleSessionFilter).
        ConsoleSession session = ConsoleSession.find(exchange).orElse(null);
        if (session == null) {
            return Mono.just(Rendering.redirectTo(LoginController.PATH).build());
        }
        OverviewWindow window = OverviewWindow.endingAt(clock.instant());
        Rendering.Builder<?> page = Rendering.view("overview/overview")
                .modelAttribute("tenant", session.tenant())
                .modelAttribute("statsUrl", "/console/api/stats");
        return fetch(session, window)
                .map(stats -> page
                        .modelAttribute("chart", StatsChart.of(stats, window))
                        .modelAttribute("totals", Totals.of(stats))
                        .build())
                .onErrorResume(e -> Mono.just(page.modelAttribute("unavailable", unavailable(e)).build()));
    }

    @GetMapping(path = "/console/api/stats", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Mono<ResponseEntity<?>> stats(ServerWebExchange exchange) {
        return fetch(ConsoleSession.of(exchange), OverviewWindow.endingAt(clock.instant()))
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .onErrorResume(e -> Mono.just(ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Map.of("error", unavailable(e)))));
    }

    private Mono<StatsSnapshot> fetch(ConsoleSession session, OverviewWindow window) {
        return analytics.stats(session.tenant(), session.apiKey(), window.fromMillis(), window.toMillis())
                .doOnError(e -> log.warn("analytics at {} unavailable: {}", analytics.baseUrl(), e.toString()));
    }

    private String unavailable(Throwable e) {
        String cause = e instanceof TimeoutException
                ? "no answer within " + properties.analyticsTimeout().toMillis() + " ms"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "Analytics is unreachable at " + analytics.baseUrl() + " (" + cause + "), so no counts can be shown.";
    }
}
