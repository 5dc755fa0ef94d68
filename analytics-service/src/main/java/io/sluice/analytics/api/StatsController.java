package io.sluice.analytics.api;

import io.sluice.analytics.window.StatsReader;
import io.sluice.analytics.window.StatsView;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/stats?from=&to=&tenant=}: events per minute, level and service, read from the
 * statistics hashes analytics keeps in Redis. Bad parameters get 400 with {@code {"error": "…"}}.
 */
@RestController
public class StatsController {

    private final StatsReader reader;

    /** Serves statistics read by {@code reader}. */
    public StatsController(StatsReader reader) {
        this.reader = reader;
    }

    /** The statistics of one tenant over a range; see {@link StatsView} for the shape. */
    @GetMapping(path = "/api/v1/stats", produces = "application/json")
    public Mono<StatsView> stats(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String tenant) {
        return Mono.fromCallable(() -> StatsRequest.parse(from, to, tenant, System.currentTimeMillis()))
                .flatMap(r -> reader.read(r.tenant(), r.from(), r.to()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", e.getMessage()));
    }
}
