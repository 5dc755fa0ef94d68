package io.sluice.alert;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on a loopback port that receives webhook POSTs: it records every request body
 * per path and answers with the status configured for the path (200 unless told otherwise).
 */
final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, List<String>> received = new ConcurrentHashMap<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> arrivals = new ConcurrentHashMap<>();

    /** A started receiver; failing to bind is a broken test machine, not a checked condition. */
    static WebhookReceiver start() {
        try {
            return new WebhookReceiver();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                String path = exchange.getRequestURI().getPath();
                if ("POST".equals(exchange.getRequestMethod())) {
                    arrivals.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(System.currentTimeMillis());
                    received.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(body);
                }
                int status = statuses.getOrDefault(path, 200);
                byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        });
        server.start();
    }

    /** The URL of {@code path} on this server. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Makes {@code path} answer {@code status}. */
    void answer(String path, int status) {
        statuses.put(path, status);
    }

    /** Bodies POSTed to {@code path}, in arrival order. */
    List<String> posts(String path) {
        return received.getOrDefault(path, List.of());
    }

    /** When each POST to {@code path} arrived (epoch milliseconds), in arrival order. */
    List<Long> arrivals(String path) {
        return arrivals.getOrDefault(path, List.of());
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
