package io.sluice.pipeline.stage;

import java.util.List;

/**
 * One step of the pipeline applied to the events of one buffer entry, in order (parsing, rules,
 * pattern mining). A stage works on a whole entry because some steps need neighbours (multiline
 * joining) or counts (sampling). CPU only, no I/O: stages run on Reactor's parallel scheduler and
 * must not block. Stages are Spring beans ordered by {@link org.springframework.core.annotation.Order}.
 */
public interface EventStage {

    /**
     * Processes {@code events} (one buffer entry's, in arrival order) and returns the events to
     * keep: the same list modified in place, or a new one (joined, dropped or sampled events removed).
     */
    List<PipelineEvent> apply(List<PipelineEvent> events);
}
