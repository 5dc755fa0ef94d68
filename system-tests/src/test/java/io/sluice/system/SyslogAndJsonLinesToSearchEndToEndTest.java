package io.sluice.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.sluice.admin.AdminApplication;
import io.sluice.ingest.IngestApplication;
import io.sluice.ingest.syslog.SyslogUdpListener;
import io.sluice.ingest.tcp.TcpListener;
import io.sluice.pipeline.PipelineApplication;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import net.logstash.logback.appender.LogstashTcpSocketAppender;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 4, must-show 1 for the socket inputs, end to end: util-linux {@code logger} (syslog over
 * TCP and UDP) and logstash-logback-encoder's TCP appender send to ingest-service; pipeline-service
 * archives the events; admin-ui's {@code /api/v1/search} finds them with the right service, host,
 * level, message, attributes and tenant. Each service is its own Spring application.
 */
class SyslogAndJsonLinesToSearchEndToEndTest {

    private static final String TENANT = "default";
    private static Cluster cluster;

    @BeforeAll
    static void startServices() {
        cluster = new Cluster();
        cluster.ingest = cluster.run(IngestApplication.class, Map.of(
                "sluice.ingest.syslog.tcp.tenant", TENANT,
                "sluice.ingest.syslog.udp.tenant", TENANT,
                "sluice.ingest.json-tcp.tenant", TENANT));
        cluster.pipeline = cluster.run(PipelineApplication.class, Map.of());
        cluster.admin = cluster.run(AdminApplication.class, Map.of());
    }

    @AfterAll
    static void stopServices() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void syslogAndJsonLinesEventsAreSearchableWithTheirFields() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int tcp = cluster.ingest.getBean("syslogTcpListener", TcpListener.class).port();
        int udp = cluster.ingest.getBean(SyslogUdpListener.class).port();
        int json = cluster.ingest.getBean("jsonTcpListener", TcpListener.class).port();
        Instant from = Instant.now().minusSeconds(60);

        logger("--tcp", "--port", tcp, "--rfc5424", "--octet-count", "-t", "tcp-" + run, "-p", "local3.err", "--id=321",
                "--msgid", "PAY", "--sd-id", "order@32473", "--sd-param", "id=\"A-1\"", "--", "payment failed " + run);
        logger("--udp", "--port", udp, "--rfc3164", "-t", "udp-" + run, "-p", "daemon.warning", "--", "disk almost full " + run);
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putProperty("HOSTNAME", "app-host-1");
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.setCustomFields("{\"app\":\"json-" + run + "\"}");
        encoder.start();
        LogstashTcpSocketAppender appender = new LogstashTcpSocketAppender();
        appender.setContext(context);
        appender.addDestination("127.0.0.1:" + json);
        appender.setEncoder(encoder);
        appender.start();
        Logger logger = context.getLogger("shop.Orders");
        logger.setAdditive(false);
        logger.addAppender(appender);
        context.getMDCAdapter().put("orderId", "A-1");
        logger.info("order placed {}", run);
        appender.stop();
        context.stop();

        JsonNode tcpEvent = searchOne("tcp-" + run, from);
        assertThat(tcpEvent.get("tenant").asString()).isEqualTo(TENANT);
        assertThat(tcpEvent.get("level").asString()).isEqualTo("ERROR");
        assertThat(tcpEvent.get("message").asString()).isEqualTo("payment failed " + run);
        assertThat(tcpEvent.get("host").asString()).isNotBlank();
        assertThat(tcpEvent.get("attributes").get("facility").asString()).isEqualTo("local3");
        assertThat(tcpEvent.get("attributes").get("procid").asString()).isEqualTo("321");
        assertThat(tcpEvent.get("attributes").get("msgid").asString()).isEqualTo("PAY");
        assertThat(tcpEvent.get("attributes").get("sd").get("order@32473").get("id").asString()).isEqualTo("A-1");

        JsonNode udpEvent = searchOne("udp-" + run, from);
        assertThat(udpEvent.get("tenant").asString()).isEqualTo(TENANT);
        assertThat(udpEvent.get("level").asString()).isEqualTo("WARN");
        assertThat(udpEvent.get("message").asString()).isEqualTo("disk almost full " + run);
        assertThat(udpEvent.get("attributes").get("facility").asString()).isEqualTo("daemon");

        JsonNode jsonEvent = searchOne("json-" + run, from);
        assertThat(jsonEvent.get("tenant").asString()).isEqualTo(TENANT);
        assertThat(jsonEvent.get("level").asString()).isEqualTo("INFO");
        assertThat(jsonEvent.get("host").asString()).isEqualTo("app-host-1");
        assertThat(jsonEvent.get("message").asString()).isEqualTo("order placed " + run);
        assertThat(jsonEvent.get("attributes").get("logger_name").asString()).isEqualTo("shop.Orders");
        assertThat(jsonEvent.get("attributes").get("orderId").asString()).isEqualTo("A-1");
    }

    private static JsonNode searchOne(String service, Instant from) {
        String url = cluster.baseUrl(cluster.admin) + "/api/v1/search?query=" + Http.enc("{service=\"" + service + "\"}")
                + "&from=" + from.toEpochMilli() + "&to=" + Instant.now().plusSeconds(3600).toEpochMilli() + "&limit=10";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> Http.get(url, cluster.apiKey).json().get("total").asLong() >= 1);
        JsonNode result = Http.get(url, cluster.apiKey).json();
        assertThat(result.get("total").asLong()).as("events of %s", service).isEqualTo(1);
        JsonNode event = result.get("events").get(0);
        assertThat(event.get("service").asString()).isEqualTo(service);
        return event;
    }

    private static void logger(Object... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("logger", "--server", "127.0.0.1"));
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
    }
}
