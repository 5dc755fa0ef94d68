package io.sluice.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The notification end of {@link AlertLatencyHarness}: a JDK {@code HttpServer} on a free loopback
 * port that answers every POST with 204 and records, for each, the path, the body and the
 * {@link System#nanoTime()} at which the request's headers arrived (before reading the body), so
 * the latency measured ends when Sluice's request reached the receiver. Four handler threads, so a
 * slow consumer of the records never delays an answer; the queue is unbounded but holds one entry
 * per notification of one run (a few thousand).
 */
final class WebhookReceiver implements AutoCloseable {

    /** One received POST. */
    record Received(String path, long receivedNanos, long receivedMillis, byte[] body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4, r -> new Thread(r, "bench-webhook"));
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.createContext("/", exchange -> {
            long nanos = System.nanoTime();
            long millis = System.currentTimeMillis();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            received.add(new Received(exchange.getRequestURI().getPath(), nanos, millis, body));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.setExecutor(threads);
        server.start();
    }

    /** Base URL, e.g. {@code http://127.0.0.1:40123}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next received POST, or null after {@code millis} without one. */
    Received poll(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
