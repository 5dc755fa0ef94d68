package io.sluice.analytics.anomaly;

import io.sluice.analytics.match.AlertIntakeClient;
import io.sluice.common.proto.alert.v1.AnomalyFinding;
import io.sluice.common.proto.alert.v1.FindingsBatch;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Sends a judging pass's findings to alert-service over the findings stream
 * ({@code AlertIntake.ReportStream}) as one {@code FindingsBatch} with {@code anomalies} set;
 * completes when alert-service acknowledged that batch id, which it applies once.
 */
public class AlertAnomalySink implements AnomalySink {

    private final AlertIntakeClient client;

    public AlertAnomalySink(AlertIntakeClient client) {
        this.client = client;
    }

    @Override
    public Mono<Void> send(String batchId, List<Anomaly> findings) {
        FindingsBatch.Builder batch = FindingsBatch.newBuilder().setBatchId(batchId);
        for (Anomaly a : findings) {
            batch.addAnomalies(toProto(a));
        }
        return client.report(batch.build()).then();
    }

    static AnomalyFinding toProto(Anomaly a) {
        return AnomalyFinding.newBuilder().setTenant(a.tenant()).setType(a.type().name()).setService(a.service()).setSeries(a.series())
                .setWindowStartMillis(a.windowStart()).setWindowMillis(a.windowMillis()).setExpected(a.expected()).setActual(a.actual())
                .setScore(a.score()).addAllSamples(a.samples()).setExplanation(a.explanation()).build();
    }
}
