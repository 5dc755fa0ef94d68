package io.sluice.alert.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlotAssignmentTest {

    private static final int SLOTS = 64;

    @Test
    void everySlotHasExactlyOnePreferredOwnerAmongTheLiveInstances() {
        List<String> live = List.of("alert-a", "alert-b", "alert-c");
        Set<Integer> all = new HashSet<>();
        int total = 0;
        for (String instance : live) {
            Set<Integer> mine = SlotAssignment.targets(instance, live, SLOTS);
            total += mine.size();
            all.addAll(mine);
        }
        assertThat(total).isEqualTo(SLOTS);
        assertThat(all).hasSize(SLOTS);
    }

    @Test
    void theAnswerDoesNotDependOnTheOrderInstancesAreListedIn() {
        assertThat(SlotAssignment.targets("alert-b", List.of("alert-a", "alert-b", "alert-c"), SLOTS))
                .isEqualTo(SlotAssignment.targets("alert-b", List.of("alert-c", "alert-b", "alert-a"), SLOTS));
    }

    @Test
    void twoInstancesEachGetARoughlyFairShare() {
        List<String> live = List.of("host-1-3f2a9c1d", "host-2-77b0e4aa");
        assertThat(SlotAssignment.targets(live.get(0), live, SLOTS).size()).isBetween(20, 44);
    }

    @Test
    void whenAnInstanceLeavesOnlyItsSlotsMove() {
        List<String> three = List.of("alert-a", "alert-b", "alert-c");
        List<String> two = List.of("alert-a", "alert-b");
        Set<Integer> aBefore = SlotAssignment.targets("alert-a", three, SLOTS);
        Set<Integer> aAfter = SlotAssignment.targets("alert-a", two, SLOTS);
        assertThat(aAfter).containsAll(aBefore);
        Set<Integer> gained = new HashSet<>(aAfter);
        gained.removeAll(aBefore);
        assertThat(SlotAssignment.targets("alert-c", three, SLOTS)).containsAll(gained);
    }

    @Test
    void aLoneInstanceOwnsEverySlot() {
        assertThat(SlotAssignment.targets("solo", List.of("solo"), SLOTS)).hasSize(SLOTS);
        assertThat(SlotAssignment.preferred(3, List.of())).isNull();
    }
}
