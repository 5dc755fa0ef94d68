package io.sluice.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.sluice.ingest.buffer.BufferWriter;
import io.sluice.ingest.grpc.GrpcIngestService;
import io.sluice.ingest.grpc.MaxInboundMessageSize;
import io.sluice.ingest.http.HttpIngestHandler;
import io.sluice.ingest.intake.IngestMetrics;
import io.sluice.ingest.intake.Intake;
import io.sluice.ingest.validate.EventValidator;
import io.sluice.platform.redis.RedisConfiguration;
import io.sluice.platform.redis.SluiceRedis;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything ingest-service runs: the HTTP route {@code POST /api/v1/logs}, the gRPC
 * {@code IngestService}, and the shared validation and buffer writer behind them. Imported by
 * {@link IngestApplication} and by the standalone; switched off with
 * {@code sluice.ingest.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "sluice.ingest.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IngestProperties.class)
@Import(RedisConfiguration.class)
public class IngestConfiguration {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    EventValidator ingestEventValidator(IngestProperties properties) {
        return new EventValidator(properties.maxMessageLength().toBytes(), JSON);
    }

    @Bean
    BufferWriter ingestBufferWriter(SluiceRedis redis, IngestProperties properties) {
        return new BufferWriter(redis, properties.idempotencyTtl(), properties.redisTimeout());
    }

    @Bean
    IngestMetrics ingestMetrics(ObjectProvider<MeterRegistry> registry) {
        return new IngestMetrics(registry.getIfAvailable(() -> Metrics.globalRegistry));
    }

    @Bean
    Intake ingestIntake(EventValidator validator, BufferWriter writer, IngestMetrics metrics, IngestProperties properties) {
        return new Intake(validator, writer, metrics, properties.defaultTenant(), properties.maxEventsPerBatch());
    }

    @Bean
    HttpIngestHandler ingestHttpHandler(Intake intake, EventValidator validator, IngestProperties properties) {
        return new HttpIngestHandler(intake, validator, JSON, properties);
    }

    @Bean
    RouterFunction<ServerResponse> ingestRoutes(HttpIngestHandler handler) {
        return handler.routes();
    }

    @Bean
    GrpcIngestService ingestGrpcService(Intake intake) {
        return new GrpcIngestService(intake);
    }

    @Bean
    MaxInboundMessageSize<?> ingestGrpcMaxInboundMessageSize(IngestProperties properties) {
        return new MaxInboundMessageSize<>(properties.maxRequestSize().toBytes());
    }
}
