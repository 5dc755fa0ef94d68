package io.sluice.pipeline.mine;

import io.sluice.pipeline.stage.EventStage;
import io.sluice.pipeline.stage.PipelineEvent;
import java.util.List;
import java.util.Objects;

/**
 * Pattern mining ({@link io.sluice.pipeline.stage.StageOrder#MINE}, after parsing and masking rules): gives
 * every event the template id of its message, as stored, from the miner of its (tenant, service). Keeps
 * every event. Runs of consecutive events of one stream take that miner's lock once; template counts are
 * accumulated in the miners and written by {@link TemplateFlusher}, never here.
 */
public final class MiningStage implements EventStage {

    private final MinerRegistry miners;

    MiningStage(MinerRegistry miners) {
        this.miners = miners;
    }

    @Override
    public List<PipelineEvent> apply(List<PipelineEvent> events) {
        int n = events.size();
        int start = 0;
        while (start < n) {
            PipelineEvent first = events.get(start);
            int end = start + 1;
            while (end < n && sameStream(first, events.get(end))) {
                end++;
            }
            miners.miner(new StreamKey(first.tenant(), first.service())).mine(events.subList(start, end));
            start = end;
        }
        return events;
    }

    private static boolean sameStream(PipelineEvent a, PipelineEvent b) {
        return a.tenant().equals(b.tenant()) && Objects.equals(a.service(), b.service());
    }
}
