package io.sluice.ingest.syslog;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The syslog listeners ({@code sluice.ingest.syslog.*}).
 *
 * @param tcp the TCP listener (RFC 6587 octet counting and LF framing, detected per frame)
 * @param udp the UDP listener (one message per datagram)
 * @param maxFrameLength longest kept message; longer ones are cut here and stored with attribute
 *     {@code sluice.truncated=true}
 * @param idleTimeout a TCP connection that sends nothing for this long is closed
 * @param maxConnections most TCP connections open at once; more are closed at once (counted)
 * @param batchSize most events per buffer append
 * @param linger longest time an event waits for its batch to fill
 * @param udpQueueCapacity UDP events waiting for storage; when full, new datagrams are dropped and
 *     counted
 * @param defaultService service of messages without an APP-NAME (RFC 3164: without a tag)
 * @param rfc3164TimeZone time zone of RFC 3164 timestamps (they carry none), e.g. {@code UTC} or
 *     {@code Europe/Berlin}
 */
@ConfigurationProperties("sluice.ingest.syslog")
public record SyslogProperties(
        @DefaultValue Listener tcp,
        @DefaultValue Listener udp,
        @DefaultValue("64KB") DataSize maxFrameLength,
        @DefaultValue("5m") Duration idleTimeout,
        @DefaultValue("1000") int maxConnections,
        @DefaultValue("500") int batchSize,
        @DefaultValue("50ms") Duration linger,
        @DefaultValue("10000") int udpQueueCapacity,
        @DefaultValue("syslog") String defaultService,
        @DefaultValue("UTC") String rfc3164TimeZone) {

    /**
     * One listener.
     *
     * @param enabled whether it listens
     * @param host address to bind
     * @param port port to bind ({@code 0}: a free one)
     * @param tenant tenant of messages without an API key; when blank, every message must carry
     *     {@code [sluice@53595 key="<api key>"]} and others are dropped (counted, throttled WARN)
     */
    public record Listener(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("0.0.0.0") String host,
            @DefaultValue("1514") int port,
            String tenant) {
    }
}
