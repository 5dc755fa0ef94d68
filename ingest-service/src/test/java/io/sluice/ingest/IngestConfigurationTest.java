package io.sluice.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.ingest.grpc.GrpcIngestService;
import io.sluice.ingest.http.HttpIngestHandler;
import io.sluice.ingest.intake.Intake;
import io.sluice.ingest.support.RunningIngest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

class IngestConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(IngestConfiguration.class)
            .withPropertyValues("sluice.redis.url=" + RunningIngest.REDIS_URL, "sluice.redis.key-prefix=test:" + UUID.randomUUID() + ":");

    @Test
    void providesBothInputsWithWorkingDefaults() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(HttpIngestHandler.class).hasSingleBean(GrpcIngestService.class).hasSingleBean(Intake.class);
            assertThat(context.getBean(IngestProperties.class)).isEqualTo(new IngestProperties(true, "default",
                    DataSize.ofMegabytes(5), 10_000, DataSize.ofKilobytes(256), Duration.ofHours(1), Duration.ofSeconds(5)));
        });
    }

    @Test
    void providesNothingWhenDisabled() {
        runner.withPropertyValues("sluice.ingest.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(Intake.class).doesNotHaveBean(GrpcIngestService.class)
                    .doesNotHaveBean(HttpIngestHandler.class);
        });
    }

    @Test
    void runsOnTheContractPortsWhenStartedOnItsOwn() {
        assertThat(IngestApplication.defaultProperties())
                .containsEntry("server.port", 8081)
                .containsEntry("spring.grpc.server.port", 4317)
                .containsEntry("management.endpoints.web.exposure.include", "health,info,prometheus");
    }
}
