package io.sluice.ingest.compat;

import io.sluice.ingest.IngestProperties;
import io.sluice.ingest.auth.TenantAuthenticator;
import io.sluice.ingest.elastic.ElasticHandler;
import io.sluice.ingest.intake.Intake;
import io.sluice.ingest.loki.LokiPushHandler;
import io.sluice.ingest.otlp.OtlpGrpcService;
import io.sluice.ingest.otlp.OtlpHttpHandler;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The inputs that speak other systems' protocols, so clients work unmodified: OTLP logs (gRPC
 * {@code LogsService/Export} on the ingest gRPC server, HTTP {@code POST /v1/logs}), Loki push
 * ({@code POST /loki/api/v1/push}) and Elasticsearch bulk ({@code POST /_bulk}). Each is switched
 * by {@code sluice.ingest.<otlp|loki|elastic>.enabled} (default on). All share ingest's
 * {@link Intake}, limits and authentication. Imported by {@code IngestConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
public class ProtocolInputsConfiguration {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    TenantGate ingestTenantGate(TenantAuthenticator authenticator) {
        return new TenantGate(authenticator);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "sluice.ingest.otlp.enabled", matchIfMissing = true)
    OtlpGrpcService ingestOtlpGrpcService(Intake intake, TenantGate gate) {
        return new OtlpGrpcService(intake, gate);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "sluice.ingest.otlp.enabled", matchIfMissing = true)
    RouterFunction<ServerResponse> ingestOtlpRoutes(Intake intake, TenantGate gate, IngestProperties properties) {
        return new OtlpHttpHandler(intake, gate, JSON, properties.maxRequestSize().toBytes()).routes();
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "sluice.ingest.loki.enabled", matchIfMissing = true)
    RouterFunction<ServerResponse> ingestLokiRoutes(Intake intake, TenantGate gate, IngestProperties properties) {
        return new LokiPushHandler(intake, gate, JSON, properties.maxRequestSize().toBytes(), properties.maxEventsPerBatch()).routes();
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "sluice.ingest.elastic.enabled", matchIfMissing = true)
    RouterFunction<ServerResponse> ingestElasticRoutes(Intake intake, TenantGate gate, IngestProperties properties) {
        return new ElasticHandler(intake, gate, JSON, properties.maxRequestSize().toBytes(), properties.maxEventsPerBatch()).routes();
    }
}
