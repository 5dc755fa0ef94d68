package io.sluice.logstore.hot;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.XAddArgs;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.logstore.engine.QueryLimitException;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.platform.redis.RedisKeys;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class HotTierReaderTest {

    private static final long MS = 1_000_000L;
    private static final long BASE_MS = 1_800_000_000_000L;

    private final RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
    private final RedisKeys keys = new RedisKeys("test:" + UUID.randomUUID() + ":");
    private final SluiceRedis redis = new SluiceRedis(client, keys);

    @AfterEach
    void cleanUp() {
        redis.strings().keys(keys.prefix() + "*").flatMap(k -> redis.strings().del(k)).blockLast();
        redis.close();
        client.shutdown();
    }

    private HotTierReader reader(int pageSize, long maxEntries) {
        return new HotTierReader(redis, Duration.ofMinutes(1), pageSize, maxEntries, Schedulers.boundedElastic());
    }

    private static LogEvent event(String tenant, String id, long eventMs) {
        return LogEvent.newBuilder().setId(id).setTenant(tenant).setTimestampUnixNanos(eventMs * MS)
                .setService("api").setHost("h1").setLevel("INFO").setMessage("line " + id).setFieldsJson("{\"k\":\"" + id + "\"}")
                .build();
    }

    /** Adds an event of time {@code eventMs} as if the pipeline wrote it at {@code addedMs}, one event per entry. */
    private void add(String tenant, String id, long eventMs, long addedMs) {
        addBatch(tenant, addedMs, List.of(event(tenant, id, eventMs)));
    }

    /** Adds one entry holding {@code events}, as the pipeline writes one buffer entry's events at {@code addedMs}. */
    private void addBatch(String tenant, long addedMs, List<LogEvent> events) {
        redis.binary().xadd(HotTierKeys.stream(keys, tenant), new XAddArgs().id(addedMs + "-*"), Map.of(
                HotEntryCodec.COUNT, Integer.toString(events.size()).getBytes(StandardCharsets.US_ASCII),
                HotEntryCodec.EVENTS, HotEntryCodec.encode(events))).block();
    }

    /** Adds an entry of the earlier format: one event in field {@code e}. */
    private void addLegacy(String tenant, String id, long eventMs, long addedMs) {
        redis.binary().xadd(HotTierKeys.stream(keys, tenant), new XAddArgs().id(addedMs + "-*"),
                Map.of(HotEntryCodec.LEGACY_EVENT, event(tenant, id, eventMs).toByteArray())).block();
    }

    @Test
    void returnsTheEventsWhoseTimeIsInACoveredRangeAndCoversFromItsOldestEntryPlusTheSkew() {
        add("t1", "a", BASE_MS, BASE_MS + 5);
        add("t1", "b", BASE_MS + 61_000, BASE_MS + 61_010);
        add("t1", "c", BASE_MS + 90_000, BASE_MS + 62_000);  // a late clock: written before its time
        add("t1", "d", BASE_MS + 500_000, BASE_MS + 500_001);

        long covered = (BASE_MS + 5) * MS + Duration.ofMinutes(1).toNanos();
        StepVerifier.create(reader(2, 1000).read("t1", covered, (BASE_MS + 400_000) * MS))
                .assertNext(w -> {
                    assertThat(w.events()).extracting(ArchivedEvent::id).containsExactlyInAnyOrder("b", "c");
                    assertThat(w.coveredFromNanos()).isEqualTo(covered);
                    assertThat(w.events()).filteredOn(e -> e.id().equals("b")).singleElement()
                            .satisfies(e -> assertThat(e.fieldsJson()).isEqualTo("{\"k\":\"b\"}"));
                })
                .verifyComplete();
    }

    @Test
    void aRangeStartingBeforeWhatTheStreamCoversIsLeftToTheArchiveWithoutReadingIt() {
        add("t1", "old", BASE_MS - 3_600_000, BASE_MS);  // a late event, in the archive too
        add("t1", "a", BASE_MS + 120_000, BASE_MS + 120_000);

        StepVerifier.create(reader(10, 1000).read("t1", (BASE_MS - 7_200_000) * MS, Long.MAX_VALUE))
                .assertNext(w -> {
                    assertThat(w.events()).isEmpty();
                    assertThat(w.scanned()).isZero();
                    assertThat(w.coveredFromNanos()).isEqualTo(Long.MAX_VALUE);
                })
                .verifyComplete();
    }

    @Test
    void anEmptyHotTierCoversNothing() {
        StepVerifier.create(reader(10, 1000).read("nobody", 0, Long.MAX_VALUE))
                .assertNext(w -> {
                    assertThat(w.events()).isEmpty();
                    assertThat(w.coveredFromNanos()).isEqualTo(Long.MAX_VALUE);
                })
                .verifyComplete();
    }

    @Test
    void readsOnlyTheAskedTenantsStream() {
        add("t1", "a", BASE_MS, BASE_MS);
        add("t2", "b", BASE_MS + 60_000, BASE_MS);

        StepVerifier.create(reader(10, 1000).read("t2", (BASE_MS + 60_000) * MS, Long.MAX_VALUE))
                .assertNext(w -> assertThat(w.events()).extracting(ArchivedEvent::id).containsExactly("b"))
                .verifyComplete();
    }

    @Test
    void pagesThroughTheWholeRangeAndStopsBelowTheOldestEntryThatCanHoldIt() {
        for (int i = 0; i < 25; i++) {
            add("t1", "e" + i, BASE_MS + i * 120_000L, BASE_MS + i * 120_000L);
        }
        // From the time of e20 on: entries older than that minus the one-minute skew are not read.
        StepVerifier.create(reader(3, 1000).read("t1", (BASE_MS + 20 * 120_000L) * MS, Long.MAX_VALUE))
                .assertNext(w -> {
                    assertThat(w.events()).extracting(ArchivedEvent::id).containsExactlyInAnyOrder("e20", "e21", "e22", "e23", "e24");
                    assertThat(w.scanned()).isEqualTo(5);
                })
                .verifyComplete();
        StepVerifier.create(reader(3, 1000).read("t1", (BASE_MS + 60_000) * MS, Long.MAX_VALUE))
                .assertNext(w -> assertThat(w.events()).hasSize(24))
                .verifyComplete();
    }

    @Test
    void refusesToReadMoreEventsThanItsBound() {
        for (int i = 0; i < 3; i++) {
            List<LogEvent> batch = new ArrayList<>();
            for (int j = 0; j < 4; j++) {
                batch.add(event("t1", "e" + i + "." + j, BASE_MS + i));
            }
            addBatch("t1", BASE_MS + i, batch);
        }
        StepVerifier.create(reader(5, 10).read("t1", (BASE_MS + 60_000) * MS, Long.MAX_VALUE))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(QueryLimitException.class)
                        .hasMessageContaining("more than 10 events"))
                .verify();
    }

    @Test
    void readsEntriesHoldingABatchAndEntriesOfTheEarlierOneEventFormatInOneStream() {
        addLegacy("t1", "old1", BASE_MS + 60_000, BASE_MS);
        addLegacy("t1", "old2", BASE_MS + 61_000, BASE_MS + 1_000);
        List<LogEvent> batch = new ArrayList<>();
        for (int j = 0; j < 30; j++) {
            batch.add(event("t1", "new" + j, BASE_MS + 62_000 + j));
        }
        addBatch("t1", BASE_MS + 2_000, batch);
        addBatch("t1", BASE_MS + 3_000, List.of(event("t1", "last", BASE_MS + 63_000), event("t1", "late", BASE_MS + 10)));

        // Pages of about 4 events: the first XREVRANGE asks for 4 entries, later ones for 1 (8 events per entry so far).
        StepVerifier.create(reader(4, 1000).read("t1", (BASE_MS + 60_000) * MS, Long.MAX_VALUE))
                .assertNext(w -> {
                    assertThat(w.events()).extracting(ArchivedEvent::id).hasSize(33).contains("old1", "old2", "new0", "new29", "last")
                            .doesNotContain("late");
                    assertThat(w.scanned()).isEqualTo(34);
                })
                .verifyComplete();
    }
}
