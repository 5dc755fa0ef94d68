package io.sluice.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay between an agent and ingest that can lose ingest's replies: while
 * {@link #dropReplies(boolean) dropping}, everything the agent sends still reaches ingest (which
 * stores the batch and remembers its idempotency key), but every byte ingest sends back is
 * discarded. To the agent this is a lost acknowledgement: the call is never answered, times out
 * and the batch is spooled, although it is already stored. Each accepted connection gets its own
 * connection to {@code upstreamPort} and two pump threads; when either side closes, both close.
 */
final class ReplyDroppingRelay implements AutoCloseable {

    private final ServerSocket server;
    private final int upstreamPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong droppedReplyBytes = new AtomicLong();
    private volatile boolean dropReplies;
    private volatile boolean closed;

    private ReplyDroppingRelay(ServerSocket server, int upstreamPort) {
        this.server = server;
        this.upstreamPort = upstreamPort;
    }

    /** A relay on a free local port forwarding to {@code 127.0.0.1:upstreamPort}. */
    static ReplyDroppingRelay to(int upstreamPort) {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            ReplyDroppingRelay relay = new ReplyDroppingRelay(server, upstreamPort);
            Thread acceptor = new Thread(relay::acceptLoop, "relay-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            return relay;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The agent's endpoint setting for this relay. */
    String endpoint() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Whether ingest's replies are discarded from now on (requests still go through). */
    void dropReplies(boolean drop) {
        dropReplies = drop;
    }

    /** Bytes of ingest's replies discarded so far. */
    long droppedReplyBytes() {
        return droppedReplyBytes.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream;
                try {
                    upstream = new Socket();
                    upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 5_000);
                } catch (IOException refused) {
                    // Ingest is down: the agent sees its connection closed, as it would without the relay.
                    client.close();
                    continue;
                }
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, false);
                pump(upstream, client, true);
            } catch (IOException e) {
                if (!closed) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean replies) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (replies && dropReplies) {
                        droppedReplyBytes.addAndGet(n);
                        continue;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // one side went away: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, replies ? "relay-replies" : "relay-requests");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(ReplyDroppingRelay::closeQuietly);
    }
}
