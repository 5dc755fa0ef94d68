package io.sluice.ingest.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.support.FuzzFrames;
import io.sluice.ingest.support.FuzzRun;
import io.sluice.ingest.support.FuzzRun.ThrowingRunnable;
import io.sluice.ingest.support.RunningIngest;
import io.sluice.ingest.syslog.SyslogUdpListener;
import io.sluice.ingest.tcp.ListenerMetrics.Reason;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Must-show 4 for the socket inputs: at least 10,000 random and mutated frames per input (syslog
 * TCP in both framings, syslog UDP, JSON lines over TCP), with a fixed seed printed at the start,
 * while valid traffic goes to the same listener on other connections. The listener must not crash
 * or hang, must close every connection (none left open), must keep its memory bounded, must count
 * the malformed frames, and must store every valid event exactly once.
 */
class ListenerFuzzTest {

    private static final long SEED = 0x5EED_0004L;
    private static final int MAX_FRAME = 4096;
    private static final int FUZZ_CONNECTIONS = 20;
    private static final int FRAMES_PER_CONNECTION = 520;
    private static final int FUZZ_DATAGRAMS = 10_400;
    private static final int VALID_PER_SENDER = 1500;
    private static final String TENANT = "fuzz-tenant";
    private static RunningIngest ingest;

    @BeforeAll
    static void start() {
        System.out.println("ListenerFuzzTest seed = " + SEED);
        ingest = RunningIngest.start(Map.of(
                "sluice.ingest.syslog.tcp.tenant", TENANT,
                "sluice.ingest.syslog.udp.tenant", TENANT,
                "sluice.ingest.json-tcp.tenant", TENANT,
                "sluice.ingest.syslog.max-frame-length", MAX_FRAME + "B",
                "sluice.ingest.json-tcp.max-line-length", MAX_FRAME + "B",
                "sluice.ingest.syslog.idle-timeout", "3s",
                "sluice.ingest.json-tcp.idle-timeout", "3s",
                "sluice.ingest.syslog.udp-queue-capacity", 50_000));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        ingest.close();
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void syslogTcpSurvivesFuzzInBothFramingsAndStoresAllValidTraffic() throws Exception {
        TcpListener listener = ingest.context().getBean("syslogTcpListener", TcpListener.class);
        String service = "valid-" + UUID.randomUUID().toString().substring(0, 8);
        FuzzFrames frames = new FuzzFrames(SEED, List.of(
                "<13>1 2026-11-24T10:15:30.123456+01:00 host fuzz 123 MSGID [ex@1 a=\"b\" c=\"d\\\"e\"][sluice@53595 key=\"bad\"] \uFEFFmessage",
                "<34>Oct 11 22:14:15 mymachine fuzz[9]: 'su root' failed",
                "<165>1 - - fuzz - - - msg",
                "<14>fuzz: hello"), List.of(
                "<", "<>", "<999>", "<13>", "<13>1", "<13>1 ", "<13>1 - - - - - [", "<13>1 - - - - - [a", "<13>1 - - - - - [a b=\"",
                "<13>1 - - - - - [a b=\"\\", "<13>1 9999-99-99T99:99:99Z - - - - -", "<1234567890>x", "\uFEFF",
                "<13>1 - - - - - [" + "x".repeat(40) + "]", "<13>Feb 29 10:00:00 h fuzz: leap", "<13>Foo 99 99:99:99 h t: x",
                "<13>1 - " + "h".repeat(300) + " fuzz - - - long host", "<13>1 - - " + "a".repeat(200) + " - - - long app"),
                MAX_FRAME);
        List<byte[]> fuzz = framed(frames, FUZZ_CONNECTIONS * FRAMES_PER_CONNECTION, true);
        fuzzAndValid(listener, service, fuzz, List.of(
                i -> octetCounted(syslog5424(service, "a" + i)),
                i -> (syslog5424(service, "b" + i) + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void jsonTcpSurvivesFuzzAndStoresAllValidTraffic() throws Exception {
        TcpListener listener = ingest.context().getBean("jsonTcpListener", TcpListener.class);
        String service = "valid-" + UUID.randomUUID().toString().substring(0, 8);
        FuzzFrames frames = new FuzzFrames(SEED + 1, List.of(
                "{\"@timestamp\":\"2026-11-24T10:15:30.123+01:00\",\"@version\":\"1\",\"message\":\"m\",\"logger_name\":\"a.B\","
                        + "\"thread_name\":\"main\",\"level\":\"INFO\",\"level_value\":20000,\"app\":\"fuzz\",\"mdc\":\"v\"}",
                "{\"message\":\"x\",\"stack_trace\":\"java.lang.Exception\\n\\tat a.b(C.java:1)\",\"level\":\"ERROR\",\"service\":\"fuzz\"}",
                "{\"message\":\"k\",\"api_key\":\"bad\",\"app\":\"fuzz\"}"), List.of(
                "{", "}", "[", "\"", "{\"message\":", "{\"@timestamp\":12345678901234567890123,\"app\":\"fuzz\"}",
                "{\"level\":{},\"app\":\"fuzz\"}", "{\"message\":\"\\ud800\",\"app\":\"fuzz\"}", "[".repeat(3000) + "]".repeat(3000),
                "{\"a\":".repeat(2000), "null", "true", "\"str\"", "{\"service\":\"" + "s".repeat(200) + "\"}",
                "{\"host\":\"" + "h".repeat(300) + "\",\"app\":\"fuzz\"}", "{\"level\":\"LOUD\",\"app\":\"fuzz\"}", "{} {}"),
                MAX_FRAME);
        List<byte[]> fuzz = framed(frames, FUZZ_CONNECTIONS * FRAMES_PER_CONNECTION, false);
        fuzzAndValid(listener, service, fuzz, List.of(
                i -> json(service, "a" + i),
                i -> json(service, "b" + i)));
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void syslogUdpSurvivesFuzzAndStoresAllValidTraffic() throws Exception {
        SyslogUdpListener listener = ingest.context().getBean(SyslogUdpListener.class);
        String service = "valid-" + UUID.randomUUID().toString().substring(0, 8);
        FuzzFrames frames = new FuzzFrames(SEED + 2, List.of(
                "<13>1 2026-11-24T10:15:30.123456+01:00 host fuzz 123 MSGID [ex@1 a=\"b\"] message",
                "<34>Oct 11 22:14:15 mymachine fuzz[9]: failed", "<14>fuzz: hello"),
                List.of("<", "<>", "<999>", "<13>1 - - - - - [a b=\"", "", "\n\r\0", "<13>1 - - - - - [" + "x".repeat(40) + "]"),
                MAX_FRAME * 2);
        long malformedBefore = listener.metrics().droppedCount(Reason.MALFORMED);
        long receivedBefore = listener.metrics().receivedCount();
        long usedBefore = usedHeapAfterGc();
        AtomicInteger fuzzSent = new AtomicInteger();
        List<ThrowingRunnable> senders = new ArrayList<>();
        senders.add(() -> {
            try (DatagramSocket socket = new DatagramSocket()) {
                for (int i = 0; i < FUZZ_DATAGRAMS; i++) {
                    byte[] frame = frames.next();
                    socket.send(new DatagramPacket(frame, frame.length, InetAddress.getLoopbackAddress(), listener.port()));
                    fuzzSent.incrementAndGet();
                    pace(i);
                }
            }
        });
        for (String prefix : List.of("a", "b")) {
            senders.add(() -> {
                try (DatagramSocket socket = new DatagramSocket()) {
                    for (int i = 0; i < VALID_PER_SENDER; i++) {
                        byte[] frame = syslog5424(service, prefix + i).getBytes(StandardCharsets.UTF_8);
                        socket.send(new DatagramPacket(frame, frame.length, InetAddress.getLoopbackAddress(), listener.port()));
                        pace(i);
                    }
                }
            });
        }
        FuzzRun.parallel(60, senders);

        assertThat(fuzzSent.get()).isGreaterThanOrEqualTo(10_000);
        assertAllValidStoredOnce(service);
        assertThat(listener.metrics().droppedCount(Reason.OVERFLOW)).isZero();
        // all valid datagrams arrived; of the fuzz ones, loopback may still lose a few under load
        await().atMost(Duration.ofSeconds(60)).until(() -> listener.metrics().receivedCount() - receivedBefore >= 10_000);
        assertThat(listener.metrics().droppedCount(Reason.MALFORMED)).isGreaterThan(malformedBefore);
        assertThat(listener.isRunning()).isTrue();
        assertThat(usedHeapAfterGc() - usedBefore).as("heap growth in bytes").isLessThan(128L * 1024 * 1024);
    }

    private void fuzzAndValid(TcpListener listener, String service, List<byte[]> fuzz, List<Function<Integer, byte[]>> valid)
            throws Exception {
        long malformedBefore = listener.metrics().droppedCount(Reason.MALFORMED);
        long usedBefore = usedHeapAfterGc();
        List<ThrowingRunnable> senders = new ArrayList<>();
        int threads = 4;
        for (int t = 0; t < threads; t++) {
            int thread = t;
            senders.add(() -> {
                for (int c = thread; c < FUZZ_CONNECTIONS; c += threads) {
                    int first = c * FRAMES_PER_CONNECTION;
                    boolean abort = c % 4 == 3;
                    FuzzRun.tcp(listener.port(), FRAMES_PER_CONNECTION, i -> fuzz.get(first + i), abort);
                }
            });
        }
        for (Function<Integer, byte[]> sender : valid) {
            senders.add(() -> FuzzRun.tcp(listener.port(), VALID_PER_SENDER, sender::apply, false));
        }
        FuzzRun.parallel(60, senders);

        assertThat(fuzz).hasSizeGreaterThanOrEqualTo(10_000);
        assertAllValidStoredOnce(service);
        await().atMost(Duration.ofSeconds(60)).until(() -> listener.openConnections() == 0);
        assertThat(listener.metrics().droppedCount(Reason.MALFORMED)).isGreaterThan(malformedBefore);
        assertThat(listener.isRunning()).isTrue();
        assertThat(usedHeapAfterGc() - usedBefore).as("heap growth in bytes").isLessThan(128L * 1024 * 1024);
    }

    /** Fuzz frames with their framing: octet counting (right or wrong length) or a trailing LF. */
    private static List<byte[]> framed(FuzzFrames frames, int count, boolean octetCounting) {
        Random random = frames.random();
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] frame = frames.next();
            int framing = random.nextInt(100);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            if (octetCounting && framing < 50) {
                bytes.writeBytes((frame.length + " ").getBytes(StandardCharsets.US_ASCII));
            } else if (octetCounting && framing < 59) {
                bytes.writeBytes((1 + random.nextInt(frame.length * 2 + 1) + " ").getBytes(StandardCharsets.US_ASCII));
            } else if (octetCounting && framing < 60) {
                bytes.writeBytes("99999999 ".getBytes(StandardCharsets.US_ASCII));
            }
            bytes.writeBytes(frame);
            if (!octetCounting || framing >= 60) {
                bytes.write('\n');
            }
            out.add(bytes.toByteArray());
        }
        return out;
    }

    private static void assertAllValidStoredOnce(String service) {
        Set<String> expected = IntStream.range(0, VALID_PER_SENDER).boxed()
                .flatMap(i -> java.util.stream.Stream.of("seq a" + i, "seq b" + i)).collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> valid(service).size() >= expected.size());
        List<LogEvent> stored = valid(service);
        assertThat(stored).hasSize(expected.size());
        assertThat(stored).allSatisfy(event -> assertThat(event.getTenant()).isEqualTo(TENANT));
        assertThat(stored.stream().map(LogEvent::getMessage).collect(Collectors.toSet())).isEqualTo(expected);
    }

    private static List<LogEvent> valid(String service) {
        return ingest.storedEvents().stream().filter(e -> e.getService().equals(service)).toList();
    }

    private static String syslog5424(String service, String seq) {
        return "<14>1 " + Instant.now() + " validhost " + service + " - - - seq " + seq;
    }

    private static byte[] octetCounted(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = (bytes.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + bytes.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(bytes, 0, out, prefix.length, bytes.length);
        return out;
    }

    private static byte[] json(String service, String seq) {
        return ("{\"@timestamp\":\"" + Instant.now() + "\",\"message\":\"seq " + seq + "\",\"level\":\"INFO\",\"app\":\"" + service
                + "\",\"logger_name\":\"valid\"}\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Spreads UDP sends out a little, as a real sender's would be: UDP has no flow control. */
    private static void pace(int i) {
        if (i % 50 == 49) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
