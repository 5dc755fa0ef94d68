package io.sluice.ingest.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.support.RunningIngest;
import io.sluice.ingest.tcp.ListenerMetrics.Reason;
import io.sluice.ingest.tcp.TcpListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Must-show 1 for syslog: util-linux {@code logger}, unmodified and used as a user would, sends
 * RFC 5424 (octet counting and LF framing, structured data) and RFC 3164 over TCP and UDP to a
 * running ingest-service; the buffer holds the events with the right service, host, level,
 * message, attributes and tenant.
 */
class SyslogLoggerClientTest {

    private static final String BOUND = "syslog-bound";
    private static final String KEYED = "syslog-keyed";
    private static final String KEY = "key-" + UUID.randomUUID();
    private static RunningIngest ingest;
    private static int tcpPort;
    private static int udpPort;
    private static String hostname;

    @BeforeAll
    static void start() throws IOException {
        ingest = RunningIngest.start(Map.of(
                "sluice.ingest.syslog.tcp.tenant", BOUND,
                "sluice.ingest.syslog.udp.tenant", BOUND,
                "sluice.ingest.syslog.max-frame-length", "2KB",
                "sluice.tenancy.bootstrap-tenant", KEYED,
                "sluice.tenancy.bootstrap-api-key", KEY));
        tcpPort = ingest.context().getBean("syslogTcpListener", TcpListener.class).port();
        udpPort = ingest.context().getBean(SyslogUdpListener.class).port();
        hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        ingest.close();
    }

    @BeforeEach
    void emptyTheBuffer() {
        ingest.clearKeys();
    }

    @Test
    void storesRfc5424OverTcpWithOctetCountingAndStructuredData() {
        logger("--tcp", "--port", tcpPort, "--rfc5424", "--octet-count", "-t", "checkout", "-p", "local0.err", "--id=4242",
                "--msgid", "ORDER", "--sd-id", "order@32473", "--sd-param", "id=\"A-1\"", "--sd-param", "note=\"say \\\"hi\\\"\"",
                "--", "payment failed for order A-1");

        LogEvent event = awaitOne();
        assertThat(event.getTenant()).isEqualTo(BOUND);
        assertThat(event.getService()).isEqualTo("checkout");
        assertThat(event.getHost()).startsWith(hostname);
        assertThat(event.getLevel()).isEqualTo("ERROR");
        assertThat(event.getMessage()).isEqualTo("payment failed for order A-1");
        assertThat(event.getAttributesJson()).contains("\"facility\":\"local0\"", "\"severity\":\"err\"", "\"procid\":\"4242\"",
                "\"msgid\":\"ORDER\"", "\"order@32473\":{\"id\":\"A-1\",\"note\":\"say \\\"hi\\\"\"}", "\"timeQuality\":{");
        assertThat(Math.abs(event.getTimestampUnixNanos() / 1_000_000 - System.currentTimeMillis())).isLessThan(60_000);
    }

    @Test
    void storesRfc5424AndRfc3164OverTcpWithLfFraming() {
        logger("--tcp", "--port", tcpPort, "--rfc5424", "-t", "inventory", "-p", "user.warning", "--", "stock low");
        logger("--tcp", "--port", tcpPort, "--rfc3164", "-t", "cron", "-p", "cron.debug", "--id=77", "--", "job ran");

        List<LogEvent> events = awaitEvents(2);
        LogEvent rfc5424 = byService(events, "inventory");
        assertThat(rfc5424.getLevel()).isEqualTo("WARN");
        assertThat(rfc5424.getMessage()).isEqualTo("stock low");
        assertThat(rfc5424.getTenant()).isEqualTo(BOUND);
        LogEvent rfc3164 = byService(events, "cron");
        assertThat(rfc3164.getLevel()).isEqualTo("DEBUG");
        assertThat(rfc3164.getHost()).isEqualTo(hostname.split("\\.")[0]);
        assertThat(rfc3164.getMessage()).isEqualTo("job ran");
        assertThat(rfc3164.getAttributesJson()).isEqualTo("{\"facility\":\"cron\",\"severity\":\"debug\",\"procid\":\"77\"}");
        assertThat(Math.abs(rfc3164.getTimestampUnixNanos() / 1_000_000 - System.currentTimeMillis())).isLessThan(60_000);
    }

    @Test
    void storesRfc3164AndRfc5424OverUdp() {
        logger("--udp", "--port", udpPort, "--rfc3164", "-t", "udpapp", "-p", "daemon.notice", "--", "over udp");
        logger("--udp", "--port", udpPort, "--rfc5424", "-t", "udp5424", "-p", "local7.crit", "--", "over udp too");

        List<LogEvent> events = awaitEvents(2);
        LogEvent bsd = byService(events, "udpapp");
        assertThat(bsd.getLevel()).isEqualTo("INFO");
        assertThat(bsd.getMessage()).isEqualTo("over udp");
        assertThat(bsd.getTenant()).isEqualTo(BOUND);
        assertThat(bsd.getAttributesJson()).contains("\"facility\":\"daemon\"", "\"severity\":\"notice\"");
        LogEvent ietf = byService(events, "udp5424");
        assertThat(ietf.getLevel()).isEqualTo("FATAL");
        assertThat(ietf.getMessage()).isEqualTo("over udp too");
    }

    @Test
    void aKeyInStructuredDataChoosesItsTenantAndIsNotStored() {
        logger("--tcp", "--port", tcpPort, "--rfc5424", "--octet-count", "-t", "keyed-app", "--sd-id", "sluice@53595",
                "--sd-param", "key=\"" + KEY + "\"", "--", "with a key");
        logger("--udp", "--port", udpPort, "--rfc5424", "-t", "keyed-udp", "--sd-id", "sluice@53595",
                "--sd-param", "key=\"" + KEY + "\"", "--", "with a key over udp");

        List<LogEvent> events = awaitEvents(2);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.getTenant()).isEqualTo(KEYED);
            assertThat(event.getAttributesJson()).doesNotContain(KEY).doesNotContain("sluice@53595");
        });
    }

    @Test
    void aWrongKeyStoresNothingAndIsCounted() {
        TcpListener tcp = ingest.context().getBean("syslogTcpListener", TcpListener.class);
        long before = tcp.metrics().droppedCount(Reason.UNAUTHENTICATED);
        logger("--tcp", "--port", tcpPort, "--rfc5424", "-t", "intruder", "--sd-id", "sluice@53595",
                "--sd-param", "key=\"wrong\"", "--", "should not be stored");
        logger("--tcp", "--port", tcpPort, "--rfc5424", "-t", "marker", "--", "after the wrong key");

        awaitOne();
        assertThat(ingest.storedEvents()).extracting(LogEvent::getService).containsExactly("marker");
        assertThat(tcp.metrics().droppedCount(Reason.UNAUTHENTICATED)).isEqualTo(before + 1);
    }

    @Test
    void truncatesLongMessagesAndMarksThem() {
        String longMessage = "x".repeat(5000);
        logger("--tcp", "--port", tcpPort, "--rfc5424", "--octet-count", "--size", "8192", "-t", "long", "--", longMessage);
        logger("--tcp", "--port", tcpPort, "--rfc5424", "--size", "8192", "-t", "long-lf", "--", longMessage);

        List<LogEvent> events = awaitEvents(2);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.getMessage()).startsWith("xxxx").hasSizeLessThan(2048);
            assertThat(event.getAttributesJson()).contains("\"sluice.truncated\":true");
        });
    }

    @Test
    void aListenerWithoutTenantDropsMessagesWithoutKey() throws Exception {
        try (RunningIngest unbound = RunningIngest.start(Map.of(
                "sluice.ingest.syslog.udp.enabled", false,
                "sluice.ingest.json-tcp.enabled", false,
                "sluice.tenancy.bootstrap-tenant", KEYED,
                "sluice.tenancy.bootstrap-api-key", KEY))) {
            TcpListener tcp = unbound.context().getBean("syslogTcpListener", TcpListener.class);
            logger("--tcp", "--port", tcp.port(), "--rfc3164", "-t", "nokey", "--", "no key");
            logger("--tcp", "--port", tcp.port(), "--rfc5424", "-t", "withkey", "--sd-id", "sluice@53595",
                    "--sd-param", "key=\"" + KEY + "\"", "--", "key");
            await().atMost(Duration.ofSeconds(60)).until(() -> unbound.storedEvents().size() == 1
                    && tcp.metrics().droppedCount(Reason.UNAUTHENTICATED) == 1);
            assertThat(unbound.storedEvents().get(0).getService()).isEqualTo("withkey");
            assertThat(unbound.storedEvents().get(0).getTenant()).isEqualTo(KEYED);
        }
    }

    private static LogEvent byService(List<LogEvent> events, String service) {
        return events.stream().filter(e -> e.getService().equals(service)).findFirst()
                .orElseThrow(() -> new AssertionError("no event of service " + service + " in " + events));
    }

    private static LogEvent awaitOne() {
        return awaitEvents(1).get(0);
    }

    private static List<LogEvent> awaitEvents(int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> ingest.storedEvents().size() >= count);
        List<LogEvent> events = ingest.storedEvents();
        assertThat(events).hasSize(count);
        return events;
    }

    /** Runs {@code logger --server 127.0.0.1 <args>} and waits for it to exit successfully. */
    static void logger(Object... args) {
        List<String> command = new ArrayList<>(List.of("logger", "--server", "127.0.0.1"));
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("logger finished").isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("logger exit code; output: %s", output).isZero();
        } catch (IOException e) {
            throw new AssertionError("could not run logger (util-linux)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
