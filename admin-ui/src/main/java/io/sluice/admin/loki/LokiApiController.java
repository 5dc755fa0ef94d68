package io.sluice.admin.loki;

import io.sluice.admin.AdminProperties;
import io.sluice.admin.loki.ConstantQuery.Constant;
import io.sluice.admin.loki.LokiParams.InstantQuery;
import io.sluice.admin.loki.LokiParams.Range;
import io.sluice.admin.loki.LokiParams.RangeQuery;
import io.sluice.common.event.Timestamps;
import io.sluice.common.query.QueryParseException;
import io.sluice.logstore.engine.LogQueryEngine;
import io.sluice.logstore.engine.LogsRequest;
import io.sluice.logstore.engine.MetricRequest;
import io.sluice.platform.tenant.RequestTenants;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Loki's query HTTP API over the {@link LogQueryEngine}, so Grafana's Loki data source (and
 * {@code logcli}) can query Sluice: {@code query_range} and {@code query} (GET, or POST with a form
 * body), {@code labels}, {@code label/<name>/values} and {@code series}, each answering in Loki's
 * JSON shapes for the tenant of the request's API key only (Bearer, Basic with the key as password,
 * or {@code X-Sluice-Api-Key}; an {@code X-Scope-OrgID} header must name the key's tenant). A query
 * whose text starts with <code>{</code> is a log query (LogQL log queries always begin with their
 * stream selector), anything else a metric query. Constant expressions such as Grafana's health
 * check {@code vector(1)+vector(1)} are answered without the stores ({@link ConstantQuery}).
 * Failures are answered by {@link LokiErrors}.
 */
@RestController
@RequestMapping(produces = "application/json")
public class LokiApiController {

    /** Loki's tenant header; optional here, and when present it must be the key's tenant. */
    static final String SCOPE_HEADER = "X-Scope-OrgID";

    private static final long INSTANT_STEP_NANOS = 1_000_000_000L;

    private final ObjectProvider<LogQueryEngine> engines;
    private final RequestTenants tenants;
    private final AdminProperties properties;
    private final Clock clock;

    /**
     * The API over the engine {@code engines} provides, for the tenant {@code tenants} finds for
     * each request's key, with limits and default range from {@code properties}, "now" from {@code clock}.
     */
    public LokiApiController(ObjectProvider<LogQueryEngine> engines, RequestTenants tenants, AdminProperties properties, Clock clock) {
        this.engines = engines;
        this.tenants = tenants;
        this.properties = properties;
        this.clock = clock;
    }

    @RequestMapping(path = "/loki/api/v1/query_range", method = {RequestMethod.GET, RequestMethod.POST})
    Mono<LokiResponse> queryRange(ServerWebExchange exchange) {
        return request(exchange, (tenant, params) -> {
            RangeQuery q = params.rangeQuery(defaultRangeNanos(), properties.maxLimit());
            if (isLogQuery(q.query())) {
                return engine().logs(new LogsRequest(tenant, q.query(), q.startNanos(), q.endNanos(), q.limit(), q.backward(), null))
                        .map(r -> new QueryData("streams", LokiJson.streams(r.lines()), LokiJson.stats(r.stats(), r.lines().size())));
            }
            var constant = ConstantQuery.evaluate(q.query());
            if (constant.isPresent()) {
                return Mono.just(constantMatrix(constant.get(), q));
            }
            return engine().metric(new MetricRequest(tenant, q.query(), q.startNanos(), q.endNanos(), q.stepNanos()))
                    .map(r -> {
                        var matrix = LokiJson.matrix(r);
                        return new QueryData("matrix", matrix, LokiJson.stats(r.stats(), samples(matrix)));
                    });
        });
    }

    @RequestMapping(path = "/loki/api/v1/query", method = {RequestMethod.GET, RequestMethod.POST})
    Mono<LokiResponse> query(ServerWebExchange exchange) {
        return request(exchange, (tenant, params) -> {
            InstantQuery q = params.instantQuery(properties.maxLimit());
            if (isLogQuery(q.query())) {
                return engine().logs(new LogsRequest(tenant, q.query(), q.timeNanos() - defaultRangeNanos(), q.timeNanos(), q.limit(),
                                q.backward(), null))
                        .map(r -> new QueryData("streams", LokiJson.streams(r.lines()), LokiJson.stats(r.stats(), r.lines().size())));
            }
            var constant = ConstantQuery.evaluate(q.query());
            if (constant.isPresent()) {
                Constant c = constant.get();
                List<Object> sample = LokiJson.sample(q.timeNanos(), c.value());
                return Mono.just(c.vector()
                        ? new QueryData("vector", List.of(new QueryData.VectorResult(Map.of(), sample)), LokiJson.noStats(1))
                        : new QueryData("scalar", sample, LokiJson.noStats(1)));
            }
            return engine().metric(new MetricRequest(tenant, q.query(), q.timeNanos(), q.timeNanos(), INSTANT_STEP_NANOS))
                    .map(r -> {
                        var vector = LokiJson.vector(r, q.timeNanos());
                        return new QueryData("vector", vector, LokiJson.stats(r.stats(), vector.size()));
                    });
        });
    }

    @GetMapping("/loki/api/v1/labels")
    Mono<LokiResponse> labels(ServerWebExchange exchange) {
        return request(exchange, (tenant, params) -> {
            Range range = params.range(defaultRangeNanos());
            String selector = params.value("query");
            if (selector == null || selector.isBlank()) {
                return engine().labels(tenant, range.startNanos(), range.endNanos()).map(LokiApiController::sorted);
            }
            return engine().series(tenant, List.of(selector), range.startNanos(), range.endNanos())
                    .map(series -> sorted(series.stream().flatMap(s -> s.keySet().stream()).toList()));
        });
    }

    @GetMapping("/loki/api/v1/label/{name}/values")
    Mono<LokiResponse> labelValues(@PathVariable String name, ServerWebExchange exchange) {
        return request(exchange, (tenant, params) -> {
            Range range = params.range(defaultRangeNanos());
            String selector = params.value("query");
            if (selector == null || selector.isBlank()) {
                return engine().labelValues(tenant, name, range.startNanos(), range.endNanos()).map(LokiApiController::sorted);
            }
            return engine().series(tenant, List.of(selector), range.startNanos(), range.endNanos())
                    .map(series -> sorted(series.stream().map(s -> s.get(name)).filter(v -> v != null).toList()));
        });
    }

    @RequestMapping(path = "/loki/api/v1/series", method = {RequestMethod.GET, RequestMethod.POST})
    Mono<LokiResponse> series(ServerWebExchange exchange) {
        return request(exchange, (tenant, params) -> {
            List<String> match = params.all("match[]");
            if (match.isEmpty()) {
                throw new LokiInputException("no match[] parameter provided");
            }
            Range range = params.range(defaultRangeNanos());
            return engine().series(tenant, match, range.startNanos(), range.endNanos())
                    .map(series -> series.stream().map(s -> (Object) new TreeMap<>(s)).distinct().toList());
        });
    }

    /** Authenticates, reads the parameters, then runs {@code handler}; whatever it returns becomes {@code data}. */
    private Mono<LokiResponse> request(ServerWebExchange exchange, Handler handler) {
        return tenants.tenantOf(exchange.getRequest().getHeaders(), exchange.getRequest().getHeaders().getFirst(SCOPE_HEADER))
                .flatMap(tenant -> parameters(exchange).flatMap(params -> Mono.defer(() -> handler.handle(tenant, params))
                        .onErrorMap(QueryParseException.class, e -> new LokiInputException(LokiErrors.parseError(e, params.value("query"))))))
                .map(LokiResponse::success);
    }

    private Mono<LokiParams> parameters(ServerWebExchange exchange) {
        MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
        long now = Timestamps.toNanos(clock.instant());
        return exchange.getFormData().map(form -> {
            if (form.isEmpty()) {
                return new LokiParams(query, now);
            }
            MultiValueMap<String, String> all = new LinkedMultiValueMap<>(query);
            form.forEach(all::addAll);
            return new LokiParams(all, now);
        });
    }

    private LogQueryEngine engine() {
        LogQueryEngine engine = engines.getIfAvailable();
        if (engine == null) {
            throw new EngineUnavailableException();
        }
        return engine;
    }

    private long defaultRangeNanos() {
        return properties.defaultRange().toNanos();
    }

    private static boolean isLogQuery(String query) {
        return query.stripLeading().startsWith("{");
    }

    private static QueryData constantMatrix(Constant constant, RangeQuery q) {
        List<List<Object>> values = new ArrayList<>();
        for (long t = q.startNanos(); t <= q.endNanos(); t += q.stepNanos()) {
            values.add(LokiJson.sample(t, constant.value()));
        }
        var matrix = List.of(new QueryData.MatrixResult(Map.of(), values));
        return new QueryData("matrix", matrix, LokiJson.noStats(values.size()));
    }

    private static long samples(List<QueryData.MatrixResult> matrix) {
        return matrix.stream().mapToLong(s -> s.values().size()).sum();
    }

    private static List<String> sorted(List<String> values) {
        return List.copyOf(new TreeSet<>(values));
    }

    /** One endpoint's work once the tenant and the parameters are known. */
    @FunctionalInterface
    private interface Handler {
        Mono<?> handle(String tenant, LokiParams params);
    }
}
