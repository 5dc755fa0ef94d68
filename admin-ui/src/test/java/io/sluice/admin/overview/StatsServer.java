package io.sluice.admin.overview;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real HTTP server on a free loopback port that answers {@code GET /api/v1/stats} the way
 * analytics-service does, with fixed counts placed at minutes 50 and 55 of the requested window.
 * Remembers the last request's query parameters and Authorization header.
 */
public final class StatsServer implements AutoCloseable {

    private final AtomicReference<Map<String, List<String>>> lastQuery = new AtomicReference<>();
    private final AtomicReference<String> lastAuthorization = new AtomicReference<>();
    private final DisposableServer server;

    public StatsServer() {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.get("/api/v1/stats", (request, response) -> {
                    Map<String, List<String>> params = new QueryStringDecoder(request.uri()).parameters();
                    lastQuery.set(params);
                    lastAuthorization.set(request.requestHeaders().get("Authorization"));
                    long from = Long.parseLong(params.get("from").get(0));
                    long to = Long.parseLong(params.get("to").get(0));
                    return response.header("Content-Type", "application/json").sendString(Mono.just(body(from, to)));
                }))
                .bindNow();
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public Map<String, List<String>> lastQuery() {
        return lastQuery.get();
    }

    public String lastAuthorization() {
        return lastAuthorization.get();
    }

    private static String body(long from, long to) {
        long a = from + 50 * 60_000L;
        long b = from + 55 * 60_000L;
        return """
                {"from":%d,"to":%d,"stepMillis":60000,
                 "buckets":[
                   {"start":%d,"total":12,"levels":{"INFO":9,"ERROR":3},"services":{"checkout":10,"<script>alert(1)</script>":2}},
                   {"start":%d,"total":1205,"levels":{"WARN":1205},"services":{"search":1205}}],
                 "totals":{"events":1217,"levels":{"INFO":9,"ERROR":3,"WARN":1205},
                           "services":{"checkout":10,"search":1205,"<script>alert(1)</script>":2}}}
                """.formatted(from, to, a, b);
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
