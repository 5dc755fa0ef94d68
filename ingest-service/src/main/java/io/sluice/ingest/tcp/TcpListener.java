package io.sluice.ingest.tcp;

import io.netty.channel.ChannelOption;
import io.sluice.ingest.tcp.ListenerMetrics.Reason;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.NettyInbound;
import reactor.netty.NettyOutbound;
import reactor.netty.tcp.TcpServer;

/**
 * A TCP listener (reactor-netty {@link TcpServer}) started and stopped with the Spring context:
 * each connection's bytes are cut into frames by a {@link FrameDecoder}, parsed by the listener's
 * {@link FrameParser}, collected into batches (by count and linger) and stored through a
 * {@link BatchStore}. While a connection's batch is being stored, at most one further batch is
 * collected and then the connection is not read (Netty auto-read off), so a slow buffer pushes
 * back on the sender through TCP instead of filling memory. Malformed frames are counted and
 * skipped; a connection closes when its peer closes it, after {@code idleTimeout} without data, or
 * at once when {@code maxConnections} are already open. Nothing one connection sends affects
 * another.
 */
public final class TcpListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TcpListener.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** Stands for the end of a connection's input in its stream of events (compared by identity). */
    private static final Parsed.Received END = new Parsed.Received(LogEvent.getDefaultInstance(), null);

    private final ListenerSettings settings;
    private final FrameParser parser;
    private final boolean octetCounting;
    private final BatchStore store;
    private final ListenerMetrics metrics;
    private final ThrottledWarning warning;
    private final AtomicInteger open = new AtomicInteger();
    private volatile DisposableServer server;
    /** Each connection's storing, detached from reactor-netty's handler so a closing channel cannot cancel it. */
    private volatile Disposable.Composite storing = Disposables.composite();

    /**
     * A listener for {@code settings}; {@code octetCounting} enables RFC 6587 octet-counted frames
     * besides LF-terminated ones.
     */
    public TcpListener(ListenerSettings settings, FrameParser parser, boolean octetCounting, BatchStore store,
            ListenerMetrics metrics, ThrottledWarning warning) {
        this.settings = settings;
        this.parser = parser;
        this.octetCounting = octetCounting;
        this.store = store;
        this.metrics = metrics;
        this.warning = warning;
        metrics.connections(open::get);
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        storing = Disposables.composite();
        server = TcpServer.create()
                .host(settings.host())
                .port(settings.port())
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                // see the end of a sender's input (it may close right after its last frame) while the
                // channel is still open, so the last batch is stored before the connection closes
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .handle(this::serve)
                .bindNow(Duration.ofSeconds(10));
        log.info("{} listener on {}:{}{}", settings.name(), settings.host(), server.port(),
                settings.boundTenant() == null ? " (API key required in every message)" : " (tenant " + settings.boundTenant() + ")");
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.disposeNow(STOP_TIMEOUT);
            server = null;
            storing.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The bound port (useful when configured as {@code 0}). */
    public int port() {
        DisposableServer bound = server;
        if (bound == null) {
            throw new IllegalStateException(settings.name() + " listener is not running");
        }
        return bound.port();
    }

    /** Connections open right now. */
    public int openConnections() {
        return open.get();
    }

    /** This listener's counters. */
    public ListenerMetrics metrics() {
        return metrics;
    }

    private Publisher<Void> serve(NettyInbound in, NettyOutbound out) {
        // frames parsed but not yet stored, and when the connection last made progress: it is
        // idle only when nothing is pending and it has neither sent nor stored for idleTimeout
        AtomicInteger pending = new AtomicInteger();
        AtomicLong lastActivity = new AtomicLong(System.nanoTime());
        long idleNanos = settings.idleTimeout().toNanos();
        String[] peer = {"unknown"};
        Connection[] self = {null};
        boolean[] accepted = {true};
        in.withConnection(connection -> {
            int now = open.incrementAndGet();
            connection.onDispose(open::decrementAndGet);
            if (now > settings.maxConnections()) {
                accepted[0] = false;
                metrics.refusedConnection();
                warning.warn(settings.name() + " listener refused a connection: " + settings.maxConnections()
                        + " connections are open (sluice.ingest.*.max-connections)");
                connection.dispose();
                return;
            }
            self[0] = connection;
            peer[0] = host(connection.channel().remoteAddress());
            connection.addHandlerLast("sluice-frames", new FrameDecoder(settings.maxFrameLength(), octetCounting));
            connection.onReadIdle(settings.idleTimeout().toMillis(), () -> {
                if (pending.get() == 0 && System.nanoTime() - lastActivity.get() >= idleNanos) {
                    connection.dispose();
                }
            });
        });
        if (!accepted[0]) {
            return Mono.empty();
        }
        // The end of input travels through the batching like an event, so the connection is closed
        // only after every earlier batch is stored. The storing runs in a subscription of its own,
        // not in the handler's: reactor-netty cancels the handler when the channel goes inactive
        // (peer reset), and that cancel would reach the batch being stored. An error on the
        // connection's input (a reset, or Netty failing to re-arm reading after the peer's FIN,
        // "epoll_ctl(..) failed") ends the input like END: what was read is stored all the same.
        Sinks.Empty<Void> done = Sinks.empty();
        Disposable.Composite storing = this.storing;
        Disposable[] subscription = {null};
        subscription[0] = in.receiveObject()
                .onErrorResume(e -> {
                    log.debug("{} listener: the input of a connection from {} ended with an error", settings.name(), peer[0], e);
                    return Mono.empty();
                })
                .ofType(Frame.class)
                .<Parsed.Received>handle((frame, sink) -> {
                    if (frame == Frame.END_OF_INPUT) {
                        sink.next(END);
                        return;
                    }
                    lastActivity.set(System.nanoTime());
                    Parsed.Received received = parse(frame, peer[0]);
                    if (received != null) {
                        pending.incrementAndGet();
                        sink.next(received);
                    }
                })
                .bufferTimeout(settings.batchSize(), settings.linger(), true)
                .concatMap(batch -> {
                    List<Parsed.Received> events = batch.stream().filter(event -> event != END).toList();
                    boolean end = events.size() < batch.size();
                    return store.store(events)
                            .doFinally(signal -> {
                                pending.addAndGet(-events.size());
                                lastActivity.set(System.nanoTime());
                            })
                            .then(Mono.fromRunnable(() -> {
                                if (end) {
                                    self[0].dispose();
                                }
                            }));
                }, 1)
                .onErrorResume(e -> {
                    log.warn("{} listener closed a connection from {} after an unexpected error", settings.name(), peer[0], e);
                    return Mono.empty();
                })
                .doFinally(signal -> {
                    done.tryEmitEmpty();
                    if (subscription[0] != null) {
                        storing.remove(subscription[0]);
                    }
                })
                .subscribe();
        storing.add(subscription[0]);
        if (subscription[0].isDisposed()) {
            storing.remove(subscription[0]);
        }
        return done.asMono();
    }

    private Parsed.Received parse(Frame frame, String peer) {
        metrics.received();
        Parsed parsed = frame.problem() != null
                ? new Parsed.Malformed(frame.problem())
                : parser.parse(frame, peer, io.sluice.common.event.Timestamps.toNanos(java.time.Instant.now()));
        if (parsed instanceof Parsed.Received received) {
            return received;
        }
        metrics.dropped(Reason.MALFORMED, 1);
        warning.warn(settings.name() + " listener skipped a malformed frame from " + peer + ": " + ((Parsed.Malformed) parsed).reason());
        return null;
    }

    /** The IP address of {@code address}, or its text when it is not an IP socket address. */
    public static String host(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return String.valueOf(address);
    }
}
