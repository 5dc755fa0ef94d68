package io.sluice.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.sluice.ingest.auth.GrpcCredentials;
import io.sluice.ingest.auth.StoreTenantAuthenticator;
import io.sluice.ingest.auth.TenantAuthenticator;
import io.sluice.ingest.buffer.BufferWriter;
import io.sluice.ingest.compat.ProtocolInputsConfiguration;
import io.sluice.ingest.grpc.GrpcIngestService;
import io.sluice.ingest.grpc.MaxInboundMessageSize;
import io.sluice.ingest.http.HttpIngestHandler;
import io.sluice.ingest.intake.IngestMetrics;
import io.sluice.ingest.intake.Intake;
import io.sluice.ingest.ratelimit.RateLimiter;
import io.sluice.ingest.ratelimit.RedisRateLimiter;
import io.sluice.ingest.validate.EventLimits;
import io.sluice.ingest.syslog.SyslogConfiguration;
import io.sluice.ingest.tcp.JsonTcpConfiguration;
import io.sluice.ingest.validate.EventValidator;
import io.sluice.platform.redis.RedisConfiguration;
import io.sluice.platform.redis.SluiceRedis;
import io.sluice.platform.tenant.ApiKeyLookup;
import io.sluice.platform.tenant.TenancyConfiguration;
import java.time.Clock;
import io.sluice.platform.stream.BufferConfiguration;
import io.sluice.platform.stream.BufferProperties;
import io.sluice.platform.stream.BufferRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything ingest-service runs: the HTTP route {@code POST /api/v1/logs}, the gRPC
 * {@code IngestService}, the standard-protocol inputs (OTLP, Loki push, {@code _bulk}), the syslog
 * (TCP/UDP 1514) and JSON-lines (TCP 4560) listeners, and the shared authentication (platform
 * tenancy), validation, rate limits and buffer writer behind them. Imported by
 * {@link IngestApplication} and by the standalone; switched off with
 * {@code sluice.ingest.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "sluice.ingest.enabled", matchIfMissing = true)
@EnableConfigurationProperties({IngestProperties.class, IngestLimitsProperties.class})
@Import({RedisConfiguration.class, TenancyConfiguration.class, BufferConfiguration.class, ProtocolInputsConfiguration.class,
        SyslogConfiguration.class, JsonTcpConfiguration.class,
        io.sluice.ingest.grpc.GrpcCompressionConfiguration.class})
public class IngestConfiguration {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    EventValidator ingestEventValidator(IngestProperties properties, IngestLimitsProperties limits) {
        return new EventValidator(new EventLimits(properties.maxMessageLength().toBytes(), limits.maxAttributes(),
                limits.maxAttributeNameLength(), limits.maxAttributeValueLength(), limits.maxAge(), limits.maxFuture()),
                JSON, Clock.systemUTC());
    }

    @Bean
    RateLimiter ingestRateLimiter(SluiceRedis redis, IngestProperties properties, IngestLimitsProperties limits) {
        return limits.enabled() ? new RedisRateLimiter(redis, limits::rateFor, properties.redisTimeout()) : RateLimiter.unlimited();
    }

    @Bean
    BufferWriter ingestBufferWriter(SluiceRedis redis, BufferRegistry registry, BufferProperties buffer, IngestProperties properties) {
        return new BufferWriter(redis, registry, buffer.shards(), properties.idempotencyTtl(), properties.redisTimeout(),
                buffer.priority());
    }

    @Bean
    @ConditionalOnMissingBean
    TenantAuthenticator ingestTenantAuthenticator(ApiKeyLookup lookup) {
        return new StoreTenantAuthenticator(lookup);
    }

    /** Copies API keys from gRPC metadata into the call context, for every gRPC service (see {@link GrpcCredentials}). */
    @Bean
    @GlobalServerInterceptor
    GrpcCredentials ingestGrpcCredentials() {
        return new GrpcCredentials();
    }

    @Bean
    IngestMetrics ingestMetrics(ObjectProvider<MeterRegistry> registry) {
        return new IngestMetrics(registry.getIfAvailable(() -> Metrics.globalRegistry));
    }

    @Bean
    Intake ingestIntake(EventValidator validator, BufferWriter writer, IngestMetrics metrics, IngestProperties properties,
            RateLimiter rateLimiter) {
        return new Intake(validator, writer, metrics, properties.maxEventsPerBatch(), rateLimiter);
    }

    @Bean
    HttpIngestHandler ingestHttpHandler(Intake intake, EventValidator validator, IngestProperties properties,
            TenantAuthenticator authenticator) {
        return new HttpIngestHandler(intake, validator, JSON, properties, authenticator);
    }

    @Bean
    RouterFunction<ServerResponse> ingestRoutes(HttpIngestHandler handler) {
        return handler.routes();
    }

    @Bean
    GrpcIngestService ingestGrpcService(Intake intake, TenantAuthenticator authenticator) {
        return new GrpcIngestService(intake, authenticator);
    }

    @Bean
    MaxInboundMessageSize<?> ingestGrpcMaxInboundMessageSize(IngestProperties properties) {
        return new MaxInboundMessageSize<>(properties.maxRequestSize().toBytes());
    }
}
