package io.sluice.ingest.syslog;

import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import io.sluice.common.event.Timestamps;
import io.sluice.ingest.tcp.BatchStore;
import io.sluice.ingest.tcp.Frame;
import io.sluice.ingest.tcp.FrameParser;
import io.sluice.ingest.tcp.ListenerMetrics;
import io.sluice.ingest.tcp.ListenerMetrics.Reason;
import io.sluice.ingest.tcp.ListenerSettings;
import io.sluice.ingest.tcp.Parsed;
import io.sluice.ingest.tcp.TcpListener;
import io.sluice.ingest.tcp.ThrottledWarning;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.udp.UdpServer;

/**
 * Syslog over UDP (reactor-netty {@link UdpServer}), started and stopped with the Spring context:
 * one message per datagram (cut at the maximum frame length and marked truncated), parsed at once,
 * then queued (bounded by {@code queueCapacity}; when full, datagrams are dropped and counted as
 * {@code overflow}) and stored in batches. UDP has no flow control, so nothing waits: a rate
 * limited tenant's or an unavailable buffer's events are dropped and counted too.
 */
public final class SyslogUdpListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SyslogUdpListener.class);
    private static final int MAX_DATAGRAM = 65_536;

    private final ListenerSettings settings;
    private final FrameParser parser;
    private final BatchStore store;
    private final ListenerMetrics metrics;
    private final ThrottledWarning warning;
    private volatile Connection connection;

    /** A listener for {@code settings}. */
    public SyslogUdpListener(ListenerSettings settings, FrameParser parser, BatchStore store, ListenerMetrics metrics,
            ThrottledWarning warning) {
        this.settings = settings;
        this.parser = parser;
        this.store = store;
        this.metrics = metrics;
        this.warning = warning;
    }

    @Override
    public synchronized void start() {
        if (connection != null) {
            return;
        }
        connection = UdpServer.create()
                .host(settings.host())
                .port(settings.port())
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .handle((in, out) -> in.receiveObject()
                        .ofType(DatagramPacket.class)
                        .<Parsed.Received>handle((packet, sink) -> {
                            Parsed.Received received = parse(packet);
                            if (received != null) {
                                sink.next(received);
                            }
                        })
                        .onBackpressureBuffer(settings.queueCapacity(), dropped -> metrics.dropped(Reason.OVERFLOW, 1),
                                BufferOverflowStrategy.DROP_LATEST)
                        .bufferTimeout(settings.batchSize(), settings.linger(), true)
                        .concatMap(store::store, 1)
                        .onErrorResume(e -> {
                            log.error("{} listener stopped reading after an unexpected error", settings.name(), e);
                            return Mono.empty();
                        })
                        .then())
                .bindNow(Duration.ofSeconds(10));
        log.info("{} listener on {}:{}{}", settings.name(), settings.host(), port(),
                settings.boundTenant() == null ? " (API key required in every message)" : " (tenant " + settings.boundTenant() + ")");
    }

    @Override
    public synchronized void stop() {
        if (connection != null) {
            connection.disposeNow(Duration.ofSeconds(10));
            connection = null;
        }
    }

    @Override
    public boolean isRunning() {
        return connection != null;
    }

    /** The bound port (useful when configured as {@code 0}). */
    public int port() {
        Connection bound = connection;
        if (bound == null) {
            throw new IllegalStateException(settings.name() + " listener is not running");
        }
        return ((java.net.InetSocketAddress) bound.channel().localAddress()).getPort();
    }

    /** This listener's counters. */
    public ListenerMetrics metrics() {
        return metrics;
    }

    private Parsed.Received parse(DatagramPacket packet) {
        metrics.received();
        int length = packet.content().readableBytes();
        byte[] bytes = new byte[Math.min(length, settings.maxFrameLength())];
        packet.content().getBytes(packet.content().readerIndex(), bytes);
        String peer = TcpListener.host(packet.sender());
        Parsed parsed = parser.parse(Frame.of(trimEnd(bytes), length > bytes.length), peer, Timestamps.toNanos(Instant.now()));
        if (parsed instanceof Parsed.Received received) {
            return received;
        }
        metrics.dropped(Reason.MALFORMED, 1);
        warning.warn(settings.name() + " listener skipped a malformed datagram from " + peer + ": " + ((Parsed.Malformed) parsed).reason());
        return null;
    }

    /** Drops trailing LF, CR and NUL bytes, which some senders append to a datagram. */
    private static byte[] trimEnd(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r' || bytes[end - 1] == 0)) {
            end--;
        }
        return end == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, end);
    }
}
