package io.sluice.agent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

    private final AgentConfig defaults = AgentConfig.defaults("localhost:4317", "svc", "host-1");

    @Test
    void defaultsMatchTheDocumentedValues() {
        assertThat(defaults.batchSize()).isEqualTo(500);
        assertThat(defaults.linger()).isEqualTo(Duration.ofMillis(200));
        assertThat(defaults.queueCapacity()).isEqualTo(10_000);
        assertThat(defaults.sendTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.maxRetryBackoff()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void rejectsValuesThatCannotWorkWithAMessageNamingTheSetting() {
        assertThatIllegalArgumentException().isThrownBy(() -> AgentConfig.defaults(" ", "svc", "h")).withMessageContaining("endpoint");
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withBatching(0, Duration.ZERO)).withMessageContaining("batchSize");
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withQueueCapacity(-1)).withMessageContaining("queueCapacity");
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withBatching(1, Duration.ofMillis(-1))).withMessageContaining("linger");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.withTimes(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO))
                .withMessageContaining("maxRetryBackoff");
    }

    @Test
    void splitsACommaSeparatedEndpointListAndRefusesAnEmptyOne() {
        assertThat(AgentConfig.defaults(" a:1 , b:2,", "svc", "h").endpoints()).containsExactly("a:1", "b:2");
        assertThatIllegalArgumentException().isThrownBy(() -> AgentConfig.defaults(" , ", "svc", "h")).withMessageContaining("endpoint");
        assertThat(defaults.batchBytes()).isEqualTo(1024 * 1024);
        assertThat(defaults.compression()).isEqualTo(Compression.ZSTD);
    }

    @Test
    void keepsTheApiKeyOutOfToStringAndTreatsBlankKeyAndTenantAsNone() {
        AgentConfig withKey = defaults.withAccess(new AgentConfig.Access("s3cret", "acme", false, null));
        assertThat(withKey.toString()).doesNotContain("s3cret").contains("apiKey=***").contains("tenant=acme");
        AgentConfig.Access blank = new AgentConfig.Access(" ", "", false, null);
        assertThat(blank.apiKey()).isNull();
        assertThat(blank.tenant()).isNull();
        assertThat(defaults.access()).isEqualTo(AgentConfig.Access.NONE);
        assertThat(defaults.maxInFlight()).isEqualTo(4);
    }

    @Test
    void refusesATrustCertificateWithoutTlsAndAnInFlightLimitBelowOne() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AgentConfig.Access(null, null, false, java.nio.file.Path.of("ca.pem")))
                .withMessageContaining("TLS");
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withMaxInFlight(0)).withMessageContaining("maxInFlight");
    }
}
