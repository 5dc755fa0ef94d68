package io.sluice.ingest.syslog;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.sluice.ingest.auth.TenantAuthenticator;
import io.sluice.ingest.intake.Input;
import io.sluice.ingest.intake.Intake;
import io.sluice.ingest.tcp.BatchStore;
import io.sluice.ingest.tcp.ListenerMetrics;
import io.sluice.ingest.tcp.ListenerSettings;
import io.sluice.ingest.tcp.TcpListener;
import io.sluice.ingest.tcp.ThrottledWarning;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The syslog listeners: TCP and UDP, each switched by {@code sluice.ingest.syslog.tcp|udp.enabled}
 * (both on by default, port 1514). Imported by the ingest configuration, so they run wherever
 * ingest runs (ingest-service and the standalone).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SyslogProperties.class)
public class SyslogConfiguration {

    private static final Duration WARN_INTERVAL = Duration.ofSeconds(10);

    @Bean
    SyslogFrameParser syslogFrameParser(SyslogProperties properties) {
        SyslogParser parser = new SyslogParser(ZoneId.of(properties.rfc3164TimeZone()), Clock.systemUTC());
        return new SyslogFrameParser(parser, properties.defaultService(), JsonMapper.builder().build());
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "sluice.ingest.syslog.tcp.enabled", matchIfMissing = true)
    TcpListener syslogTcpListener(SyslogProperties properties, SyslogFrameParser parser, Intake intake,
            TenantAuthenticator authenticator, ObjectProvider<MeterRegistry> registry) {
        ListenerSettings settings = settings(Input.SYSLOG_TCP, properties.tcp(), properties);
        ListenerMetrics metrics = new ListenerMetrics(registry.getIfAvailable(() -> Metrics.globalRegistry), settings.name());
        ThrottledWarning warning = new ThrottledWarning(LoggerFactory.getLogger(TcpListener.class), WARN_INTERVAL);
        return new TcpListener(settings, parser, true, new BatchStore(intake, authenticator, settings, metrics, warning, true),
                metrics, warning);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "sluice.ingest.syslog.udp.enabled", matchIfMissing = true)
    SyslogUdpListener syslogUdpListener(SyslogProperties properties, SyslogFrameParser parser, Intake intake,
            TenantAuthenticator authenticator, ObjectProvider<MeterRegistry> registry) {
        ListenerSettings settings = settings(Input.SYSLOG_UDP, properties.udp(), properties);
        ListenerMetrics metrics = new ListenerMetrics(registry.getIfAvailable(() -> Metrics.globalRegistry), settings.name());
        ThrottledWarning warning = new ThrottledWarning(LoggerFactory.getLogger(SyslogUdpListener.class), WARN_INTERVAL);
        return new SyslogUdpListener(settings, parser, new BatchStore(intake, authenticator, settings, metrics, warning, false),
                metrics, warning);
    }

    private static ListenerSettings settings(Input input, SyslogProperties.Listener listener, SyslogProperties properties) {
        return new ListenerSettings(input, listener.host(), listener.port(), listener.tenant(),
                (int) properties.maxFrameLength().toBytes(), properties.idleTimeout(), properties.maxConnections(),
                properties.batchSize(), properties.linger(), properties.udpQueueCapacity());
    }
}
