package io.sluice.patterns.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroupingAccuracyTest {

  @Test
  void identicalPartitionsScoreOneWhateverTheLabels() {
    assertThat(GroupingAccuracy.of(List.of("E1", "E2", "E1", "E3"), List.of(7, 9, 7, 1))).isEqualTo(1.0);
  }

  @Test
  void aPredictedGroupMixingTwoTruthGroupsFailsAllItsLines() {
    // truth: {0,1} {2} {3}; predicted {0,1,2} {3}: lines 0-2 wrong, line 3 right.
    assertThat(GroupingAccuracy.of(List.of("A", "A", "B", "C"), List.of(1, 1, 1, 2))).isEqualTo(0.25);
  }

  @Test
  void aTruthGroupSplitInTwoFailsAllItsLines() {
    // truth: {0,1,2} {3}; predicted {0,1} {2} {3}: only line 3 is right.
    assertThat(GroupingAccuracy.of(List.of("A", "A", "A", "B"), List.of(1, 1, 2, 3))).isEqualTo(0.25);
  }

  @Test
  void matchesTheBenchmarksWorkedCounting() {
    // truth groups: A×3, B×2, C×1, D×4; predicted: {A,A,A} right (3), {B} + {B} split (0),
    // {C, D} mixed (0), {D,D,D} incomplete (0) -> 3/10.
    List<String> truth = List.of("A", "A", "A", "B", "B", "C", "D", "D", "D", "D");
    List<Integer> predicted = List.of(1, 1, 1, 2, 3, 4, 4, 5, 5, 5);
    assertThat(GroupingAccuracy.of(truth, predicted)).isCloseTo(0.3, within(1e-12));
  }

  @Test
  void rejectsMisalignedOrEmptyInput() {
    assertThatThrownBy(() -> GroupingAccuracy.of(List.of("A"), List.of(1, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 lines");
    assertThatThrownBy(() -> GroupingAccuracy.of(List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
