package io.sluice.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.analytics.anomaly.AlertAnomalySink;
import io.sluice.analytics.anomaly.Anomaly;
import io.sluice.analytics.anomaly.AnomalyType;
import io.sluice.analytics.match.AlertIntakeClient;
import io.sluice.common.proto.alert.v1.AnomalyFinding;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Findings reach a real gRPC {@code AlertIntake} server as one {@code FindingsBatch} with anomalies. */
class AlertAnomalySinkTest {

    @Test
    void sendsAJudgingPassAsOneFindingsBatchUnderItsBatchId() throws Exception {
        try (RecordingAlertIntake alert = new RecordingAlertIntake(List.of())) {
            AlertIntakeClient client = new AlertIntakeClient("static://127.0.0.1:" + alert.port(), Duration.ofSeconds(5));
            try {
                Anomaly spike = new Anomaly("h-anomaly-grpc", AnomalyType.RATE_SPIKE, "checkout", "service=checkout level=ERROR",
                        1_767_571_200_000L, 60_000, 4.5, 120, 30, List.of("boom", "boom again"), "spike");
                StepVerifier.create(new AlertAnomalySink(client).send("anomalies/h-anomaly-grpc/1-2", List.of(spike)))
                        .verifyComplete();

                assertThat(alert.reportsOf("anomalies/h-anomaly-grpc/1-2")).singleElement().satisfies(batch -> {
                    assertThat(batch.getMatchesList()).isEmpty();
                    AnomalyFinding f = batch.getAnomalies(0);
                    assertThat(f.getTenant()).isEqualTo("h-anomaly-grpc");
                    assertThat(f.getType()).isEqualTo("RATE_SPIKE");
                    assertThat(f.getSeries()).isEqualTo("service=checkout level=ERROR");
                    assertThat(f.getWindowStartMillis()).isEqualTo(1_767_571_200_000L);
                    assertThat(f.getExpected()).isEqualTo(4.5);
                    assertThat(f.getActual()).isEqualTo(120);
                    assertThat(f.getSamplesList()).containsExactly("boom", "boom again");
                });
            } finally {
                client.destroy();
            }
        }
    }
}
