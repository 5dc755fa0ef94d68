package io.sluice.ingest.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.support.RunningIngest;
import io.sluice.ingest.support.TcpProxy;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A sender that closes its side right after its last frame (as {@code logger} and {@code nc} do)
 * while its frames are still queued behind a stalled store (Redis unreachable) loses nothing: once
 * Redis is back, every frame is stored exactly once and only then is the connection closed.
 */
class TcpHalfCloseTest {

    private static final int FRAMES = 5_000;
    private static TcpProxy redisProxy;
    private static RunningIngest ingest;
    private static TcpListener listener;

    @BeforeAll
    static void start() {
        redisProxy = new TcpProxy(6379).start();
        ingest = RunningIngest.start(Map.of(
                "sluice.redis.url", "redis://127.0.0.1:" + redisProxy.port(),
                "sluice.ingest.redis-timeout", "1s",
                "sluice.ingest.syslog.tcp.tenant", "halfclose"));
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
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void storesEveryFrameWhenTheSenderShutsDownOutputWhileTheStoreIsStalled() throws Exception {
        sendWhileRedisIsDown("half", true);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void storesEveryFrameWhenTheSenderClosesWhileTheStoreIsStalled() throws Exception {
        sendWhileRedisIsDown("full", false);
    }

    private void sendWhileRedisIsDown(String tag, boolean halfClose) throws Exception {
        redisProxy.stop();
        long storedBefore = listener.metrics().storedCount();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < FRAMES; i++) {
            bytes.writeBytes(("<14>1 " + Instant.now() + " h halfclose - - - " + tag + " " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Socket socket = new Socket("127.0.0.1", listener.port());
        boolean redisBack = false;
        try {
            // all of it fits the socket buffers of loopback, so the write returns and the close
            // follows at once, while the listener is still stuck on its first batch
            socket.getOutputStream().write(bytes.toByteArray());
            socket.getOutputStream().flush();
            if (halfClose) {
                socket.shutdownOutput();
            } else {
                socket.close();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> listener.metrics().receivedCount() > 0);
            // several retries against the unreachable buffer while the end of input is queued
            await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
            redisProxy.start();
            redisBack = true;

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(listener.metrics().storedCount() - storedBefore)
                    .as("events stored").isGreaterThanOrEqualTo(FRAMES));
            if (halfClose) {
                socket.setSoTimeout(20_000);
                assertThat(socket.getInputStream().read()).as("closed by the listener after storing").isEqualTo(-1);
            }
        } finally {
            socket.close();
            if (!redisBack) {
                redisProxy.start();
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> listener.openConnections() == 0);
        List<String> messages = ingest.storedEvents().stream().map(LogEvent::getMessage).toList();
        Set<String> expected = IntStream.range(0, FRAMES).mapToObj(i -> tag + " " + i).collect(Collectors.toSet());
        assertThat(messages).hasSize(FRAMES);
        assertThat(Set.copyOf(messages)).isEqualTo(expected);
    }
}
