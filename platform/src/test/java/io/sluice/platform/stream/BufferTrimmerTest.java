package io.sluice.platform.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Consumer;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BufferTrimmerTest {

    TestStreams redis;
    BufferTrimmer trimmer;
    String stream;

    @BeforeEach
    void start() {
        redis = new TestStreams();
        trimmer = new BufferTrimmer(redis.redis, redis.registry, Duration.ofSeconds(30));
        stream = redis.stream("acme", 0);
    }

    @AfterEach
    void stop() {
        redis.close();
    }

    List<String> addEntries(int n) {
        return redis.addMany(stream, "entry ", n);
    }

    List<String> read(String group, int count) {
        return redis.sync().xreadgroup(Consumer.from(group, group + "-1"), XReadArgs.Builder.count(count), StreamOffset.lastConsumed(stream))
                .stream().map(StreamMessage::getId).toList();
    }

    void ack(String group, List<String> ids) {
        redis.sync().xack(stream, group, ids.toArray(String[]::new));
    }

    List<String> remaining() {
        return redis.sync().xrange(stream, Range.create("-", "+")).stream().map(StreamMessage::getId).toList();
    }

    long trim() {
        return trimmer.trimOnce().block(Duration.ofSeconds(10));
    }

    @Test
    void withoutAnyConsumerGroupNothingIsTrimmed() {
        addEntries(5);
        assertThat(trim()).isZero();
        assertThat(remaining()).hasSize(5);
    }

    @Test
    void aRegisteredStreamThatDoesNotExistIsNotAnError() {
        redis.registry.register(redis.stream("gone", 3)).block();
        assertThat(trim()).isZero();
    }

    @Test
    void everyRegisteredStreamIsTrimmedToItsOwnGroupsPoint() {
        List<String> ids = addEntries(4);
        String other = redis.stream("acme", 1);
        List<String> otherIds = redis.addMany(other, "other ", 4);
        redis.sync().xgroupCreate(StreamOffset.from(stream, "0"), "pipeline", XGroupCreateArgs.Builder.mkstream());
        redis.sync().xgroupCreate(StreamOffset.from(other, "0"), "pipeline", XGroupCreateArgs.Builder.mkstream());
        ack("pipeline", read("pipeline", 3));
        List<String> fromOther = redis.sync().xreadgroup(Consumer.from("pipeline", "p-1"), XReadArgs.Builder.count(1),
                StreamOffset.lastConsumed(other)).stream().map(StreamMessage::getId).toList();
        redis.sync().xack(other, "pipeline", fromOther.toArray(String[]::new));

        assertThat(trim()).isEqualTo(2);
        assertThat(remaining()).containsExactlyElementsOf(ids.subList(2, 4));
        assertThat(redis.sync().xrange(other, Range.create("-", "+"))).extracting(StreamMessage::getId)
                .containsExactlyElementsOf(otherIds);
    }

    @Test
    void onlyEntriesEveryGroupHasAcknowledgedAreRemovedAndUnacknowledgedOnesNeverAre() {
        List<String> ids = addEntries(10);
        redis.sync().xgroupCreate(StreamOffset.from(stream, "0"), "pipeline", XGroupCreateArgs.Builder.mkstream());
        redis.sync().xgroupCreate(StreamOffset.from(stream, "0"), "analytics", XGroupCreateArgs.Builder.mkstream());

        // pipeline has received all 10 but acknowledged only the first 6; analytics has received and acknowledged 4.
        List<String> pipelineRead = read("pipeline", 10);
        ack("pipeline", pipelineRead.subList(0, 6));
        ack("analytics", read("analytics", 4));
        trim();
        assertThat(remaining()).containsExactlyElementsOf(ids.subList(3, 10));

        // analytics catches up; pipeline still owes entries 7..10 (0-based 6..9), which must stay.
        ack("analytics", read("analytics", 10));
        trim();
        assertThat(remaining()).containsExactlyElementsOf(ids.subList(6, 10));

        // An unacknowledged entry in the middle holds everything after it too.
        ack("pipeline", List.of(pipelineRead.get(6), pipelineRead.get(8), pipelineRead.get(9)));
        trim();
        assertThat(remaining()).containsExactlyElementsOf(ids.subList(7, 10));

        ack("pipeline", List.of(pipelineRead.get(7)));
        trim();
        assertThat(remaining()).containsExactly(ids.get(9));
    }

    @Test
    void entriesNotYetDeliveredToAGroupAreKept() {
        List<String> ids = addEntries(6);
        redis.sync().xgroupCreate(StreamOffset.from(stream, "0"), "pipeline", XGroupCreateArgs.Builder.mkstream());
        redis.sync().xgroupCreate(StreamOffset.from(stream, "0"), "analytics", XGroupCreateArgs.Builder.mkstream());
        ack("pipeline", read("pipeline", 6));
        trim();
        assertThat(remaining()).containsExactlyElementsOf(ids);
        ack("analytics", read("analytics", 2));
        trim();
        assertThat(remaining()).containsExactlyElementsOf(ids.subList(1, 6));
    }
}
