package io.sluice.ingest.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.support.RunningIngest;
import io.sluice.ingest.support.TcpProxy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The limits of a TCP listener (the syslog one; JSON lines shares the code): idle connections are
 * closed, connections beyond the maximum are refused without disturbing the open ones, and while
 * the buffer (Redis) is unavailable the listener stops reading, so the sender is held back by TCP
 * and everything it sent is stored once Redis is back.
 */
class TcpListenerLimitsTest {

    private static final int MAX_CONNECTIONS = 3;
    private static TcpProxy redisProxy;
    private static RunningIngest ingest;
    private static TcpListener listener;

    @BeforeAll
    static void start() {
        redisProxy = new TcpProxy(6379).start();
        ingest = RunningIngest.start(Map.of(
                "sluice.redis.url", "redis://127.0.0.1:" + redisProxy.port(),
                "sluice.ingest.redis-timeout", "1s",
                "sluice.ingest.syslog.tcp.tenant", "limits",
                "sluice.ingest.syslog.idle-timeout", "1s",
                "sluice.ingest.syslog.max-connections", MAX_CONNECTIONS));
        listener = ingest.context().getBean("syslogTcpListener", TcpListener.class);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        ingest.close();
        redisProxy.close();
    }

    @BeforeEach
    void emptyTheBuffer() {
        ingest.clearKeys();
        await().atMost(Duration.ofSeconds(60)).until(() -> listener.openConnections() == 0);
    }

    @Test
    void closesAConnectionThatSendsNothing() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", listener.port())) {
            // The idle timeout is 1 s; the bounds leave room for a loaded machine, and without the
            // idle close the read would block until the socket timeout.
            socket.setSoTimeout(30_000);
            await().atMost(Duration.ofSeconds(60)).until(() -> listener.openConnections() == 1);
            long start = System.nanoTime();
            assertThat(socket.getInputStream().read()).as("closed by the server").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> listener.openConnections() == 0);
    }

    @Test
    void refusesConnectionsBeyondTheMaximumAndKeepsTheOpenOnes() throws IOException {
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                open.add(new Socket("127.0.0.1", listener.port()));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.openConnections() == MAX_CONNECTIONS);
            try (Socket extra = new Socket("127.0.0.1", listener.port())) {
                extra.setSoTimeout(5_000);
                assertThat(extra.getInputStream().read()).as("closed at once").isEqualTo(-1);
            }
            for (int i = 0; i < open.size(); i++) {
                write(open.get(i), line("kept " + i));
                open.get(i).shutdownOutput();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> ingest.storedEvents().size() == MAX_CONNECTIONS);
            assertThat(ingest.storedEvents()).extracting(LogEvent::getMessage)
                    .containsExactlyInAnyOrder("kept 0", "kept 1", "kept 2");
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void stopsReadingWhileTheBufferIsDownAndStoresEverythingWhenItIsBack() throws Exception {
        int events = 100_000;
        redisProxy.stop();
        long receivedBefore = listener.metrics().receivedCount();
        try (Socket socket = new Socket("127.0.0.1", listener.port())) {
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    for (int i = 0; i < events; i++) {
                        out.write(line("held " + i));
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // While Redis is down, the listener holds at most about two batches and one read:
            // the rest waits in the sender (TCP flow control), not in the listener's memory.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20))
                    .until(() -> listener.metrics().receivedCount() - receivedBefore < 5_000 && !sender.isDone());

            redisProxy.start();
            long back = System.nanoTime();
            sender.get(60, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(listener.metrics().storedCount())
                    .as("events stored; frames received %d", listener.metrics().receivedCount() - receivedBefore)
                    .isGreaterThanOrEqualTo(events));
            System.out.printf("TCP listener stored %d events %.1f s after Redis was back%n", events, (System.nanoTime() - back) / 1e9);
        }
        Set<String> expected = IntStream.range(0, events).mapToObj(i -> "held " + i).collect(Collectors.toSet());
        assertThat(ingest.storedEvents().stream().map(LogEvent::getMessage).collect(Collectors.toSet())).isEqualTo(expected);
    }

    private static byte[] line(String message) {
        return ("<14>1 " + Instant.now() + " h limits - - - " + message + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void write(Socket socket, byte[] bytes) throws IOException {
        try {
            socket.getOutputStream().write(bytes);
        } catch (SocketTimeoutException e) {
            throw new AssertionError(e);
        }
    }
}
