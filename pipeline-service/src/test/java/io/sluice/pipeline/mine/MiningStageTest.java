package io.sluice.pipeline.mine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.logstore.template.StoredTemplate;
import io.sluice.logstore.template.StreamTemplates;
import io.sluice.logstore.template.TemplateAlias;
import io.sluice.patterns.MinerSettings;
import io.sluice.pipeline.stage.PipelineEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class MiningStageTest {

    static final StreamTemplates NOTHING = new StreamTemplates(List.of(), List.of());

    int next;

    PipelineEvent event(String tenant, String service, String message, long nanos) {
        return new PipelineEvent(LogEvent.newBuilder().setId(String.format("%032d", next++)).setTenant(tenant).setService(service)
                .setTimestampUnixNanos(nanos).setMessage(message).build());
    }

    static MinerRegistry registry(TemplateSource source, int maxMiners) {
        return new MinerRegistry(source, MinerSettings.DEFAULTS, maxMiners);
    }

    static Map<Long, StoredTemplate> byId(List<Pending> drained) {
        Map<Long, StoredTemplate> out = new HashMap<>();
        drained.forEach(p -> p.templates().forEach(t -> out.put(t.id(), t)));
        return out;
    }

    @Test
    void everyEventGetsTheIdOfItsTemplateAndIsKept() {
        MiningStage stage = new MiningStage(registry((t, s, m) -> Mono.just(NOTHING), 10));
        List<PipelineEvent> events = new ArrayList<>(List.of(
                event("a", "api", "GET /users/17 took 12 ms", 1),
                event("a", "api", "GET /users/99 took 7 ms", 2),
                event("a", "api", "connection reset by peer", 3)));

        List<PipelineEvent> out = stage.apply(events);

        assertThat(out).hasSize(3);
        assertThat(out.get(0).templateId()).isNotZero().isEqualTo(out.get(1).templateId());
        assertThat(out.get(2).templateId()).isNotZero().isNotEqualTo(out.get(0).templateId());
    }

    @Test
    void eachTenantAndServiceHasItsOwnMinerAndCounts() {
        MinerRegistry miners = registry((t, s, m) -> Mono.just(NOTHING), 10);
        MiningStage stage = new MiningStage(miners);
        stage.apply(new ArrayList<>(List.of(event("a", "api", "disk full", 10), event("a", "db", "disk full", 20),
                event("b", "api", "disk full", 30), event("a", "api", "disk full", 40))));

        List<Pending> drained = miners.drain();
        assertThat(drained).flatExtracting(Pending::templates).extracting(t -> t.tenant() + "/" + t.service() + ":" + t.count()
                + " " + t.firstSeen() + "-" + t.lastSeen())
                .containsExactlyInAnyOrder("a/api:2 10-40", "a/db:1 20-20", "b/api:1 30-30");
        assertThat(miners.drain()).as("a drain takes the counts").isEmpty();
    }

    @Test
    void mergedTemplatesAreReportedAsAliasesOnceAndLaterLinesGetTheLiveId() {
        MinerRegistry miners = registry((t, s, m) -> Mono.just(NOTHING), 10);
        MiningStage stage = new MiningStage(miners);
        List<PipelineEvent> first = stage.apply(new ArrayList<>(List.of(event("a", "ssh", "Invalid user alice from host", 1),
                event("a", "ssh", "Invalid user bob from host", 2))));
        List<PipelineEvent> third = stage.apply(new ArrayList<>(List.of(event("a", "ssh", "Invalid user carol from host", 3))));

        List<Pending> drained = miners.drain();
        List<TemplateAlias> aliases = drained.stream().flatMap(p -> p.aliases().stream()).toList();
        long live = third.get(0).templateId();
        assertThat(aliases).isNotEmpty().allSatisfy(a -> assertThat(a.intoId()).isEqualTo(live));
        assertThat(aliases).extracting(TemplateAlias::fromId)
                .containsAnyOf(first.get(0).templateId(), first.get(1).templateId());
        assertThat(byId(drained).get(live).template()).isEqualTo("Invalid user <*> from host");
        stage.apply(new ArrayList<>(List.of(event("a", "ssh", "Invalid user dave from host", 4))));
        assertThat(miners.drain()).flatExtracting(Pending::aliases).as("aliases are handed out once").isEmpty();
    }

    static final StreamTemplates STORED = new StreamTemplates(
                List.of(new StoredTemplate("a", "api", 4242, "user <*> logged in", 10, 1, 2),
                        new StoredTemplate("a", "api", 77, "user <*> logged out", 3, 1, 2),
                        new StoredTemplate("a", "api", 78, "user <*> logged out", 1, 5, 5)),
                List.of(new TemplateAlias("a", "api", 5, 4242)));

    @Test
    void aMinerPreloadedFromTheStoreGivesKnownLinesTheirStoredIds() {
        StreamTemplates stored = STORED;
        AtomicInteger loads = new AtomicInteger();
        MinerRegistry miners = registry((t, s, m) -> {
            loads.incrementAndGet();
            return Mono.just(t.equals("a") ? stored : NOTHING);
        }, 10);
        assertThat(miners.preload(List.of(new StreamKey("a", "api")), Duration.ofSeconds(5))).isEqualTo(1);
        MiningStage stage = new MiningStage(miners);

        List<PipelineEvent> out = stage.apply(new ArrayList<>(List.of(event("a", "api", "user 12 logged in", 100),
                event("a", "api", "user 13 logged out", 101))));
        stage.apply(new ArrayList<>(List.of(event("a", "api", "user 14 logged in", 102))));

        assertThat(out).extracting(PipelineEvent::templateId).containsExactly(4242L, 77L);
        assertThat(loads).as("one load per stream").hasValue(1);
        assertThat(miners.miner(new StreamKey("a", "api")).resolve(5)).isEqualTo(4242);
        assertThat(miners.drain()).flatExtracting(Pending::aliases)
                .as("the duplicate stored text becomes an alias, written back; stored aliases are not rewritten")
                .containsExactly(new TemplateAlias("a", "api", 78, 77));
    }

    @Test
    void aStreamFirstSeenAfterStartUpIsMinedAtOnceAndItsStoredTemplatesAreMergedInWhenTheyArrive() {
        MinerRegistry miners = registry((t, s, m) -> Mono.just(STORED).delayElement(Duration.ofMillis(200)), 10);
        MiningStage stage = new MiningStage(miners);
        List<PipelineEvent> early = stage.apply(new ArrayList<>(List.of(event("a", "api", "connection reset", 1))));
        assertThat(early.get(0).templateId()).isNotZero();

        await().atMost(Duration.ofSeconds(60)).until(() -> miners.miner(new StreamKey("a", "api")).resolve(5) == 4242);
        List<PipelineEvent> later = stage.apply(new ArrayList<>(List.of(event("a", "api", "user 12 logged in", 2))));
        assertThat(later.get(0).templateId()).isEqualTo(4242);
    }

    @Test
    void aStoreThatFailsLetsMiningGoOnWithoutIt() {
        MinerRegistry miners = registry((t, s, m) -> Mono.error(new IllegalStateException("down")), 10);
        List<PipelineEvent> out = new MiningStage(miners).apply(new ArrayList<>(List.of(event("a", "api", "hello world", 1))));
        assertThat(out.get(0).templateId()).isNotZero();
    }

    @Test
    void theLeastRecentlyUsedMinerIsDroppedBeyondTheCapAndItsCountsAreStillDrained() {
        MinerRegistry miners = registry((t, s, m) -> Mono.just(NOTHING), 2);
        MiningStage stage = new MiningStage(miners);
        stage.apply(new ArrayList<>(List.of(event("a", "one", "x happened", 1))));
        stage.apply(new ArrayList<>(List.of(event("a", "two", "y happened", 2))));
        stage.apply(new ArrayList<>(List.of(event("a", "one", "x happened", 3))));
        stage.apply(new ArrayList<>(List.of(event("a", "three", "z happened", 4))));

        assertThat(miners.size()).isEqualTo(2);
        assertThat(miners.drain()).flatExtracting(Pending::templates).extracting(StoredTemplate::service)
                .containsExactlyInAnyOrder("one", "two", "three");
    }
}
