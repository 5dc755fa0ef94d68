package io.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.agent.autoconfigure.SluiceAgentInstallation;
import io.sluice.agent.core.AgentStats;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.ConfigurableApplicationContext;

/** The demo application started the way the end-to-end tests start it, against a real gRPC server. */
class DemoApplicationTest {

    @Test
    void shipsExactlyTheRequestedNumberOfLoghubLinesAtFullSpeedAndFlushesOnClose(@TempDir Path spool) throws Exception {
        int total = 10_000;
        AgentStats stats;
        try (RecordingIngestServer server = new RecordingIngestServer()) {
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(DemoApplication.class)
                    .properties(
                            "demo.total-events=" + total,
                            "demo.rate-per-second=0",
                            "sluice.agent.endpoint=localhost:" + server.port(),
                            "sluice.agent.loggers=loghub",
                            "sluice.agent.queue-capacity=20000",
                            "sluice.agent.spool.dir=" + spool)
                    .run()) {
                assertThat(context.getBean(DemoLogGenerator.class).awaitDone(Duration.ofMinutes(1))).isTrue();
                SluiceAgentInstallation agent = context.getBean(SluiceAgentInstallation.class);
                assertThat(agent.agent().config().serviceName()).isEqualTo("demo-app");
                context.close();
                stats = agent.stats();
            }

            List<LogEvent> events = server.events();
            assertThat(events).hasSize(total);
            assertThat(stats.sent()).isEqualTo(total);
            assertThat(stats.droppedTotal()).isZero();
            assertThat(server.idempotencyKeys()).doesNotHaveDuplicates();
            assertThat(events).allSatisfy(e -> assertThat(e.getService()).isEqualTo("demo-app"));

            List<LoghubLine> sample = LoghubSample.load().lines();
            Map<String, Long> expectedLevels = LongStream.range(0, total)
                    .mapToObj(i -> sample.get((int) (i % sample.size())).level().toString())
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            Map<String, Long> actualLevels = events.stream()
                    .collect(Collectors.groupingBy(LogEvent::getLevel, Collectors.counting()));
            assertThat(actualLevels).isEqualTo(expectedLevels);
            assertThat(events).filteredOn(e -> e.getMessage().contains("Simulated failure")).hasSize(total / 200);
        }
    }

    @Test
    void defaultsToTwentyLinesPerSecondForeverWithoutExiting() {
        DemoProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("demo", Bindable.of(DemoProperties.class));

        assertThat(defaults.ratePerSecond()).isEqualTo(20.0);
        assertThat(defaults.totalEvents()).isEqualTo(-1);
        assertThat(defaults.exitWhenDone()).isFalse();
        assertThat(defaults.exceptionEvery()).isEqualTo(200);
        assertThat(defaults.levelCycle()).isEmpty();
    }
}
