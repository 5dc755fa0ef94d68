package io.sluice.platform.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShardRouterTest {

    @Test
    void theSameLabelsAlwaysGoToTheSameShardWithinRange() {
        ShardRouter router = new ShardRouter(4);
        int shard = router.shardOf("checkout", "pod-1");
        for (int i = 0; i < 10; i++) {
            assertThat(new ShardRouter(4).shardOf("checkout", "pod-1")).isEqualTo(shard);
        }
        assertThat(shard).isBetween(0, 3);
        assertThat(new ShardRouter(1).shardOf("checkout", "pod-1")).isZero();
    }

    @Test
    void manyServicesSpreadEvenlyOverTheShards() {
        ShardRouter router = new ShardRouter(8);
        int[] counts = new int[8];
        for (int i = 0; i < 8_000; i++) {
            counts[router.shardOf("service-" + i, "host-" + (i % 3))]++;
        }
        assertThat(java.util.Arrays.stream(counts).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(800, 1200));
    }

    @Test
    void serviceAndHostAreBothPartOfTheKey() {
        ShardRouter router = new ShardRouter(64);
        long distinct = java.util.stream.IntStream.range(0, 32).map(i -> router.shardOf("svc", "host-" + i)).distinct().count();
        assertThat(distinct).isGreaterThan(10);
    }

    @Test
    void atLeastOneShardIsRequired() {
        assertThatThrownBy(() -> new ShardRouter(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorAndFatalEventsGoToThePriorityShardWhenPriorityIsOnAndOthersToTheirNumberedShard() {
        ShardRouter router = new ShardRouter(4);
        String numbered = Integer.toString(router.shardOf("checkout", "pod-1"));
        assertThat(router.partOf("checkout", "pod-1", "ERROR", true)).isEqualTo(ShardRouter.PRIORITY_SHARD);
        assertThat(router.partOf("checkout", "pod-1", "FATAL", true)).isEqualTo(ShardRouter.PRIORITY_SHARD);
        assertThat(router.partOf("checkout", "pod-1", "WARN", true)).isEqualTo(numbered);
        assertThat(router.partOf("checkout", "pod-1", "ERROR", false)).isEqualTo(numbered);
        assertThat(ShardRouter.isPriorityStream("sluice:buffer:{acme.p}")).isTrue();
        assertThat(ShardRouter.isPriorityStream("sluice:buffer:{acme.3}")).isFalse();
        assertThat(ShardRouter.isPriorityStream("sluice:buffer:{acme.p.3}")).isFalse();
    }
}
