package io.sluice.pipeline.hot;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.logstore.hot.HotEntryCodec;
import io.sluice.logstore.hot.HotTierKeys;
import io.sluice.logstore.hot.HotTierReader;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.pipeline.support.TestRedis;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The hot tier's writer against the real Redis, read back as the query engine reads it. */
class HotTierTest {

    private static final long NOW_NANOS = System.currentTimeMillis() * 1_000_000L;

    private final TestRedis test = new TestRedis();
    private final RedisClient client = RedisClient.create(TestRedis.URL);
    private final SluiceRedis redis = new SluiceRedis(client, test.keys());

    @AfterEach
    void cleanUp() {
        redis.close();
        client.shutdown();
        test.close();
    }

    private static List<LogEvent> events(String tenant, int count, int first) {
        return TestRedis.events(tenant, count, NOW_NANOS + first * 1_000L);
    }

    private Long write(HotTier hot, String entryId, List<LogEvent> events) {
        return hot.write(entryId, events).block(Duration.ofSeconds(60));
    }

    @Test
    void aBufferEntryBecomesOneStreamEntryHoldingAllOfItsEventsInOrder() {
        HotTier hot = new HotTier(redis, 1_000, Duration.ofMinutes(10));
        List<LogEvent> first = events("acme", 40, 0);
        List<LogEvent> second = events("acme", 25, 40);

        assertThat(write(hot, "acme.0/1-0", first)).isEqualTo(40);
        assertThat(write(hot, "acme.0/2-0", second)).isEqualTo(25);

        assertThat(test.hotEntries("acme")).isEqualTo(2);
        List<LogEvent> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(test.hotEvents("acme")).containsExactlyElementsOf(all);
    }

    @Test
    void aRedeliveredEntryIsNotAppendedAgainWithinTheDedupWindow() {
        HotTier hot = new HotTier(redis, 1_000, Duration.ofMinutes(10));
        List<LogEvent> events = events("redo", 10, 0);

        assertThat(write(hot, "redo.0/1-0", events)).isEqualTo(10);
        assertThat(write(hot, "redo.0/1-0", events)).isEqualTo(-1);

        assertThat(test.hotEvents("redo")).hasSize(10);
    }

    @Test
    void keepsTheNewestEntriesThatHoldTheConfiguredNumberOfEventsInWholeEntries() {
        HotTier hot = new HotTier(redis, 100, Duration.ofMinutes(10));
        List<LogEvent> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            List<LogEvent> batch = events("cap", 30, i * 30);
            all.addAll(batch);
            write(hot, "cap.0/" + i + "-0", batch);
        }
        // 300 events in entries of 30: the newest four entries hold the newest 100 (and 20 more).
        assertThat(test.hotEntries("cap")).isEqualTo(4);
        assertThat(test.sync().llen(HotTierKeys.index(test.keys(), "cap"))).isEqualTo(4);
        assertThat(test.hotEvents("cap")).containsExactlyElementsOf(all.subList(180, 300));
    }

    @Test
    void entriesOfTheEarlierOneEventFormatGoWithTheFirstTrimmedNewEntry() {
        String key = test.keys().key("hot:legacy");
        List<LogEvent> legacy = events("legacy", 5, 0);
        for (LogEvent e : legacy) {
            test.sync().xadd(key, Map.of(HotEntryCodec.LEGACY_EVENT, e.toByteArray()));
        }
        HotTier hot = new HotTier(redis, 50, Duration.ofMinutes(10));

        write(hot, "legacy.0/1-0", events("legacy", 30, 5));
        write(hot, "legacy.0/2-0", events("legacy", 20, 35));
        assertThat(test.hotEvents("legacy")).hasSize(55).startsWith(legacy.toArray(LogEvent[]::new));

        // 60 new events: the newest 50 still need all three new entries, so nothing is trimmed yet.
        write(hot, "legacy.0/3-0", events("legacy", 10, 55));
        assertThat(test.hotEvents("legacy")).hasSize(65);
        // 90: the first new entry is trimmed, and the older entries of the earlier format with it.
        write(hot, "legacy.0/4-0", events("legacy", 30, 65));
        assertThat(test.hotEntries("legacy")).isEqualTo(3);
        assertThat(test.hotEvents("legacy")).hasSize(60).doesNotContainAnyElementsOf(legacy);
    }

    @Test
    void eventsOfTwoTenantsInOneEntryGoToEachTenantsStream() {
        HotTier hot = new HotTier(redis, 1_000, Duration.ofMinutes(10));
        List<LogEvent> mixed = new ArrayList<>(events("left", 3, 0));
        mixed.addAll(events("right", 2, 3));

        assertThat(write(hot, "left.0/1-0", mixed)).isEqualTo(5);

        assertThat(test.hotEvents("left")).hasSize(3);
        assertThat(test.hotEvents("right")).hasSize(2);
    }

    @Test
    void theQueryEnginesReaderFindsEveryEventOfBothFormatsAcrossPages() {
        String key = test.keys().key("hot:read");
        long future = NOW_NANOS + Duration.ofHours(1).toNanos();
        List<LogEvent> legacy = TestRedis.events("read", 7, future);
        for (LogEvent e : legacy) {
            test.sync().xadd(key, Map.of(HotEntryCodec.LEGACY_EVENT, e.toByteArray()));
        }
        HotTier hot = new HotTier(redis, 10_000, Duration.ofMinutes(10));
        List<String> ids = new ArrayList<>(legacy.stream().map(LogEvent::getId).toList());
        for (int i = 0; i < 12; i++) {
            List<LogEvent> batch = TestRedis.events("read", 1 + i * 7, future + 7 + i * 100);
            ids.addAll(batch.stream().map(LogEvent::getId).toList());
            write(hot, "read.0/" + i + "-0", batch);
        }
        // No clock skew: the stream covers from its oldest entry's time on; every event's time is an hour later.
        // A page of about 50 events over entries of up to 78: many XREVRANGEs of a few entries.
        HotTierReader reader = new HotTierReader(redis, Duration.ZERO, 50, 100_000, Schedulers.boundedElastic());
        long oldestMillis = Long.parseLong(test.sync().xrange(key, io.lettuce.core.Range.create("-", "+"),
                io.lettuce.core.Limit.from(1)).get(0).getId().split("-")[0]);

        StepVerifier.create(reader.read("read", oldestMillis * 1_000_000L, Long.MAX_VALUE))
                .assertNext(w -> {
                    assertThat(w.events()).extracting(ArchivedEvent::id).containsExactlyInAnyOrderElementsOf(ids);
                    assertThat(w.scanned()).isEqualTo(ids.size());
                })
                .verifyComplete();
    }
}
