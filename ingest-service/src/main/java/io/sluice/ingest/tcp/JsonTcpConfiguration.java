package io.sluice.ingest.tcp;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.sluice.ingest.auth.TenantAuthenticator;
import io.sluice.ingest.intake.Input;
import io.sluice.ingest.intake.Intake;
import java.time.Duration;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON-lines TCP listener (port 4560 by default), switched by
 * {@code sluice.ingest.json-tcp.enabled}. Imported by the ingest configuration.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JsonTcpProperties.class)
@ConditionalOnBooleanProperty(name = "sluice.ingest.json-tcp.enabled", matchIfMissing = true)
public class JsonTcpConfiguration {

    @Bean
    TcpListener jsonTcpListener(JsonTcpProperties properties, Intake intake, TenantAuthenticator authenticator,
            ObjectProvider<MeterRegistry> registry) {
        ListenerSettings settings = new ListenerSettings(Input.JSON_TCP, properties.host(), properties.port(), properties.tenant(),
                (int) properties.maxLineLength().toBytes(), properties.idleTimeout(), properties.maxConnections(),
                properties.batchSize(), properties.linger(), 0);
        ListenerMetrics metrics = new ListenerMetrics(registry.getIfAvailable(() -> Metrics.globalRegistry), settings.name());
        ThrottledWarning warning = new ThrottledWarning(LoggerFactory.getLogger(TcpListener.class), Duration.ofSeconds(10));
        JsonLineParser parser = new JsonLineParser(JsonMapper.builder().build(), properties.serviceFields(), properties.hostFields(),
                properties.defaultService());
        return new TcpListener(settings, parser, false, new BatchStore(intake, authenticator, settings, metrics, warning, true),
                metrics, warning);
    }
}
