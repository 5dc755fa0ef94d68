package io.sluice.pipeline.rules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.pipeline.stage.EventStage;
import io.sluice.pipeline.stage.PipelineEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules stage ({@code StageOrder.RULES}): applies each event's tenant's rules, as compiled in
 * {@link RuleSnapshots} at the moment the entry is processed, in order: drop and sample remove
 * events, mask / add_fields / rename_field / route change them in place. CPU only; counts the
 * events removed ({@code sluice.pipeline.rules.dropped}).
 */
public class RulesStage implements EventStage {

    private final RuleSnapshots snapshots;
    private final Counter dropped;

    /** Applies the rules in {@code snapshots}, counting drops in {@code registry}. */
    public RulesStage(RuleSnapshots snapshots, MeterRegistry registry) {
        this.snapshots = snapshots;
        this.dropped = Counter.builder("sluice.pipeline.rules.dropped")
                .description("Events removed by drop and sample rules")
                .register(registry);
    }

    @Override
    public List<PipelineEvent> apply(List<PipelineEvent> events) {
        List<PipelineEvent> kept = null;
        String tenant = null;
        TenantRules rules = TenantRules.NONE;
        for (int i = 0; i < events.size(); i++) {
            PipelineEvent e = events.get(i);
            if (!e.tenant().equals(tenant)) {
                tenant = e.tenant();
                rules = snapshots.of(tenant);
            }
            boolean keep = rules.rules().isEmpty() || rules.apply(e);
            if (!keep && kept == null) {
                kept = new ArrayList<>(events.subList(0, i));
            } else if (keep && kept != null) {
                kept.add(e);
            }
        }
        if (kept == null) {
            return events;
        }
        dropped.increment(events.size() - kept.size());
        return kept;
    }
}
