package io.sluice.ingest.tcp;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The JSON-lines TCP listener ({@code sluice.ingest.json-tcp.*}), for logstash-logback-encoder's
 * {@code LogstashTcpSocketAppender}.
 *
 * @param enabled whether it listens
 * @param host address to bind
 * @param port port to bind (4560, Logstash's; {@code 0}: a free one)
 * @param tenant tenant of lines without an {@code api_key} field; when blank, every line must carry
 *     a valid one and others are dropped (counted, throttled WARN)
 * @param maxLineLength longest kept line; a longer line is cut, and as it is then no longer JSON,
 *     its first part is stored as the message with attribute {@code sluice.truncated=true}
 * @param idleTimeout a connection that sends nothing for this long is closed
 * @param maxConnections most connections open at once; more are closed at once (counted)
 * @param batchSize most events per buffer append
 * @param linger longest time an event waits for its batch to fill
 * @param serviceFields fields naming the service, first present wins
 * @param hostFields fields naming the host, first present wins (else the sender's address)
 * @param defaultService service of lines with none of {@code serviceFields}
 */
@ConfigurationProperties("sluice.ingest.json-tcp")
public record JsonTcpProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("0.0.0.0") String host,
        @DefaultValue("4560") int port,
        String tenant,
        @DefaultValue("256KB") DataSize maxLineLength,
        @DefaultValue("5m") Duration idleTimeout,
        @DefaultValue("1000") int maxConnections,
        @DefaultValue("500") int batchSize,
        @DefaultValue("50ms") Duration linger,
        @DefaultValue({"service", "app", "application", "spring.application.name"}) List<String> serviceFields,
        @DefaultValue({"HOSTNAME", "host"}) List<String> hostFields,
        @DefaultValue("unknown") String defaultService) {
}
