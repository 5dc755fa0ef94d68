package io.sluice.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.ingest.auth.GrpcCredentials;
import io.sluice.ingest.auth.StoreTenantAuthenticator;
import io.sluice.ingest.auth.TenantAuthenticator;
import io.sluice.ingest.grpc.GrpcIngestService;
import io.sluice.ingest.http.HttpIngestHandler;
import io.sluice.ingest.intake.Intake;
import io.sluice.ingest.support.RunningIngest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

class IngestConfigurationTest {

    private static final String DATABASE = "sluice_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    @AfterAll
    static void dropDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(IngestConfiguration.class)
            .withPropertyValues("sluice.redis.url=" + RunningIngest.REDIS_URL, "sluice.redis.key-prefix=test:" + UUID.randomUUID() + ":",
                    "sluice.mysql.url=mysql://root@127.0.0.1:3306/" + DATABASE,
                    "sluice.ingest.syslog.tcp.port=0", "sluice.ingest.syslog.udp.port=0", "sluice.ingest.json-tcp.port=0");

    @Test
    void providesBothInputsWithWorkingDefaults() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(HttpIngestHandler.class).hasSingleBean(GrpcIngestService.class).hasSingleBean(Intake.class);
            assertThat(context.getBean(TenantAuthenticator.class)).isInstanceOf(StoreTenantAuthenticator.class);
            assertThat(context).hasSingleBean(GrpcCredentials.class);
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
